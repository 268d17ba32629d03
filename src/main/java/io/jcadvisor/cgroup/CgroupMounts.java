package io.jcadvisor.cgroup;

import java.util.List;

/** Where the tracked cgroup hierarchies are mounted: what discovery walks and watches. */
public interface CgroupMounts {

    /** The host's layout, detected from mountinfo under the host root. */
    CgroupMode mode();

    /**
     * Host paths of the root of every tracked hierarchy ({@code /sys/fs/cgroup/memory}, …; v2: the
     * unified root). A container name is a path relative to any of them.
     */
    List<String> hierarchyRoots();
}
