package io.jcadvisor.config;

import io.jcadvisor.host.HostFacts;
import io.jcadvisor.host.HostFs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Builds the one {@link HostFs} from {@code cadvisor.host.root} (a missing root fails start-up), and the
 * one {@link HostFacts} read through it, so each boot-constant fact is read once for the whole agent.
 */
@ApplicationScoped
public class HostFsProducer {

    @Produces
    @Singleton
    HostFs hostFs(CadvisorConfig config) {
        try {
            return HostFs.atRoot(config.host().root());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("cadvisor.host.root: " + e.getMessage());
        }
    }

    @Produces
    @Singleton
    HostFacts hostFacts(HostFs hostFs) {
        return new HostFacts(hostFs);
    }
}
