package io.jcadvisor.api;

import io.jcadvisor.info.v2.ProcessInfo;

import java.util.List;

/**
 * Lists processes for {@code /api/v2.x/ps} from {@code /proc} (upstream runs {@code ps}). The
 * {@code /proc} reader implements it; without such a bean {@code ps} answers 503.
 */
public interface ProcessLister {

    /**
     * Every process of the host, each with {@code cgroup_path} set to its container name (memory
     * cgroup, else cpu cgroup, else {@code /}): the answer for the root container.
     */
    List<ProcessInfo> all();

    /**
     * The given processes (a container's own {@code cgroup.procs}), {@code cgroup_path} left empty
     * as upstream does for non-root listings. Processes that have exited, or whose
     * {@code /proc/<pid>/fd} cannot be listed, are left out.
     */
    List<ProcessInfo> of(List<Integer> pids);
}
