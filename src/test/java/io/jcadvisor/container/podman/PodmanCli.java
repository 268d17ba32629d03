package io.jcadvisor.container.podman;

import io.jcadvisor.testing.Commands;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Drives the real Podman for live tests through {@code /usr/bin/podman} (rootful, sharing its storage
 * with the API service {@code bin/provision} starts). Remembers what it started, so
 * {@link #removeAll()} cleans up even after a failure.
 */
final class PodmanCli {

    static final String PODMAN = "/usr/bin/podman";
    /** What {@code podman import} of {@code bin/provision} names {@code jcadvisor/busybox:latest}. */
    static final String IMAGE = "localhost/jcadvisor/busybox:latest";
    /**
     * Rootful Podman asks runc for higher rlimits than this sandbox (no {@code CAP_SYS_RESOURCE})
     * allows, and {@code podman run} fails with "error setting rlimit type 6/7"; lower ones are allowed.
     */
    static final List<String> LIMITS = List.of("--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024");

    private final List<String> started = new ArrayList<>();

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

    /** {@code podman run -d --name <name> <limits> <options> IMAGE <command>}; returns the 64-hex id. */
    String runDetached(String name, List<String> options, String... command) throws IOException {
        List<String> argv = new ArrayList<>(List.of(PODMAN, "run", "-d", "--name", name));
        argv.addAll(LIMITS);
        argv.addAll(options);
        argv.add(IMAGE);
        argv.addAll(List.of(command));
        synchronized (started) {
            started.add(name);
        }
        return run(argv).trim();
    }

    /** {@code podman create --name <name> <limits> IMAGE <command>}; returns the 64-hex id. */
    String create(String name, String... command) throws IOException {
        List<String> argv = new ArrayList<>(List.of(PODMAN, "create", "--name", name));
        argv.addAll(LIMITS);
        argv.add(IMAGE);
        argv.addAll(List.of(command));
        synchronized (started) {
            started.add(name);
        }
        return run(argv).trim();
    }

    /** {@code podman rm -f -t 0}: no 10 s grace for a {@code sleep} that ignores SIGTERM as PID 1. */
    static void remove(String nameOrId) throws IOException {
        run(List.of(PODMAN, "rm", "-f", "-t", "0", nameOrId));
    }

    void removeAll() {
        synchronized (started) {
            for (String name : started) {
                try {
                    remove(name);
                } catch (IOException e) {
                    // Already gone: nothing to clean.
                }
            }
            started.clear();
        }
    }

    static String run(List<String> argv) throws IOException {
        return Commands.run(argv);
    }
}
