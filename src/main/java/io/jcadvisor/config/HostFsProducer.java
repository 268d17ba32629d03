package io.jcadvisor.config;

import io.jcadvisor.host.HostFacts;
import io.jcadvisor.host.HostFs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * Builds the one {@link HostFs} from {@code cadvisor.host.root} and {@code cadvisor.host.max-open-files}
 * (a missing root fails start-up), and the one {@link HostFacts} read through it, so each boot-constant
 * fact is read once for the whole agent.
 */
@ApplicationScoped
public class HostFsProducer {

    /** Open-file limit assumed when the JVM cannot tell (the usual soft default). */
    static final long ASSUMED_FD_LIMIT = 1024;

    @Produces
    @Singleton
    HostFs hostFs(CadvisorConfig config) {
        int configured = config.host().maxOpenFiles();
        if (configured < 0) {
            throw new IllegalStateException("cadvisor.host.max-open-files must not be negative: " + configured);
        }
        try {
            return HostFs.atRoot(config.host().root(), maxOpenFiles(configured, fdLimit()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("cadvisor.host.root: " + e.getMessage());
        }
    }

    @Produces
    @Singleton
    HostFacts hostFacts(HostFs hostFs) {
        return new HostFacts(hostFs);
    }

    /**
     * The configured bound, but at most a quarter of the process's open-file limit: sockets (API clients,
     * runtime daemons), inotify and the JVM's own files keep the rest.
     */
    static int maxOpenFiles(int configured, long fdLimit) {
        return (int) Math.min(configured, Math.max(0, fdLimit / 4));
    }

    /** The soft {@code RLIMIT_NOFILE} as the JVM reports it (after raising it to the hard limit). */
    private static long fdLimit() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            long max = unix.getMaxFileDescriptorCount();
            if (max > 0) {
                return max;
            }
        }
        return ASSUMED_FD_LIMIT;
    }
}
