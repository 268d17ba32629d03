package io.jcadvisor.container.podman;

import io.jcadvisor.testing.Commands;
import io.jcadvisor.testing.EngineCli;

import java.io.IOException;
import java.util.List;
import java.util.UUID;

/**
 * Drives the real Podman for live tests through {@code /usr/bin/podman} (rootful, sharing its storage
 * with the API service {@code bin/provision} starts). Removal skips the stop grace: a {@code sleep}
 * that ignores SIGTERM as PID 1 would otherwise hold each test for 10 s.
 */
final class PodmanCli extends EngineCli {

    static final String PODMAN = "/usr/bin/podman";
    /** What {@code podman import} of {@code bin/provision} names {@code jcadvisor/busybox:latest}. */
    static final String IMAGE = "localhost/jcadvisor/busybox:latest";
    /**
     * Rootful Podman asks runc for higher rlimits than this sandbox (no {@code CAP_SYS_RESOURCE})
     * allows, and {@code podman run} fails with "error setting rlimit type 6/7"; lower ones are allowed.
     */
    static final List<String> LIMITS = List.of("--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024");

    PodmanCli() {
        super(PODMAN, IMAGE, LIMITS, List.of("-t", "0"));
    }

    /** A unique container name with this helper's prefix. */
    static String uniqueName() {
        return "podh-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Whether the API service answers on its default socket; a failing live test says to run {@code bin/provision}. */
    static boolean available() {
        try {
            run(List.of(PODMAN, "--remote", "--url", "unix:///run/podman/podman.sock", "info"));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static String run(List<String> argv) throws IOException {
        return Commands.run(argv);
    }
}
