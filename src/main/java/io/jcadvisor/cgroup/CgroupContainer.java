package io.jcadvisor.cgroup;

import io.jcadvisor.info.v1.ContainerSpec;
import io.jcadvisor.info.v1.ContainerStats;

import java.util.List;

/**
 * The cgroup files of one container, under every tracked hierarchy (v1) or the unified tree (v2).
 * Runtime handlers decorate it with what their daemon knows (labels, image, main pid).
 * Keeps what must persist between samples (e.g. schedstat of exited tasks).
 */
public interface CgroupContainer {

    /** Container name: the cgroup path, {@code /} for the machine. */
    String name();

    /**
     * Limits and creation time from cgroup files only (no labels, image or envs); the root
     * container gets machine memory and swap as its limits.
     */
    ContainerSpec spec() throws ContainerGoneException;

    /**
     * A sample of everything the cgroup files give, for the enabled metric groups: cpu, memory,
     * diskio, hugetlb, cpuset, pressure, OOM-kill count, process and thread counts. Sections that
     * need a process's view (network, fds, ulimits) are left to the caller.
     */
    ContainerStats stats() throws ContainerGoneException;

    /** Pids listed in this cgroup's own {@code cgroup.procs} (not descendants). */
    List<Integer> pids();

    /** Whether the cgroup directory still exists in some tracked hierarchy. */
    boolean exists();

    /**
     * Releases the files held open between samples (the container is gone or no longer tracked). Reads
     * after it still work, opening and closing each file.
     */
    default void close() {
    }
}
