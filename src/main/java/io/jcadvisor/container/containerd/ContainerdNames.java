package io.jcadvisor.container.containerd;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which containerd container a cgroup name may belong to ({@code docs/data-sources.md} §7.2): the same
 * rule as Docker's, 64 consecutive {@code [a-z0-9]} in the last path element. That covers what
 * containerd and CRI make: {@code ctr run}'s {@code /<namespace>/<id>}, CRI cgroupfs
 * {@code /kubepods/<qos>/pod<uid>/<id>}, CRI systemd {@code …/cri-containerd-<id>.scope}. Pure.
 */
final class ContainerdNames {

    private static final Pattern ID = Pattern.compile("([a-z0-9]{64})");

    private ContainerdNames() {
    }

    /** The container id a cgroup name carries; empty for {@code .mount} units and names without one. */
    static Optional<String> containerId(String name) {
        if (name == null || name.endsWith(".mount")) {
            return Optional.empty();
        }
        Matcher m = ID.matcher(name.substring(name.lastIndexOf('/') + 1));
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
