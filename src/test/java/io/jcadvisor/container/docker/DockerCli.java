package io.jcadvisor.container.docker;

import io.jcadvisor.testing.Commands;
import io.jcadvisor.testing.EngineCli;

import java.io.IOException;
import java.util.List;
import java.util.UUID;

/**
 * Drives the real Docker engine for live tests through Debian's client ({@code /usr/bin/docker}, the one
 * matching the daemon {@code bin/provision} starts).
 */
final class DockerCli extends EngineCli {

    static final String DOCKER = "/usr/bin/docker";
    static final String IMAGE = "jcadvisor/busybox:latest";

    DockerCli() {
        super(DOCKER, IMAGE, List.of(), List.of());
    }

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

    static String run(List<String> argv) throws IOException {
        return Commands.run(argv);
    }
}
