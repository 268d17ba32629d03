package io.jcadvisor.config;

import io.jcadvisor.host.HostFs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.nio.file.Files;
import java.nio.file.Path;

/** Builds the one {@link HostFs} from {@code cadvisor.host.root}; a missing root fails start-up. */
@ApplicationScoped
public class HostFsProducer {

    @Produces
    @Singleton
    HostFs hostFs(CadvisorConfig config) {
        Path root = Path.of(config.host().root());
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException("cadvisor.host.root: " + root + " is not a directory");
        }
        return new HostFs(root);
    }
}
