package io.jcadvisor.container.docker;

import io.jcadvisor.testing.Commands;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Drives the real Docker engine for live tests through Debian's client ({@code /usr/bin/docker}, the one
 * matching the daemon {@code bin/provision} starts). Remembers what it started, so {@link #removeAll()}
 * cleans up even after a failure.
 */
final class DockerCli {

    static final String DOCKER = "/usr/bin/docker";
    static final String IMAGE = "jcadvisor/busybox:latest";

    private final List<String> started = new ArrayList<>();

    /** A unique container name with this helper's prefix. */
    static String uniqueName() {
        return "jcadv-dk-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Whether the daemon answers; a failing live test says to run {@code bin/provision}. */
    static boolean available() {
        try {
            return run(List.of(DOCKER, "version", "--format", "{{.Server.Version}}")).startsWith("2");
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code docker run -d --name <name> <args> IMAGE <command>}; returns the 64-hex id. */
    String runDetached(String name, List<String> options, String... command) throws IOException {
        List<String> argv = new ArrayList<>(List.of(DOCKER, "run", "-d", "--name", name));
        argv.addAll(options);
        argv.add(IMAGE);
        argv.addAll(List.of(command));
        synchronized (started) {
            started.add(name);
        }
        return run(argv).trim();
    }

    String exec(String name, String... command) throws IOException {
        List<String> argv = new ArrayList<>(List.of(DOCKER, "exec", name));
        argv.addAll(List.of(command));
        return run(argv);
    }

    void removeAll() {
        synchronized (started) {
            for (String name : started) {
                try {
                    run(List.of(DOCKER, "rm", "-f", name));
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
