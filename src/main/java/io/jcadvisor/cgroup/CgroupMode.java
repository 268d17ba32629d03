package io.jcadvisor.cgroup;

/** How the host mounts cgroups. */
public enum CgroupMode {
    /** Only v1 controller hierarchies. */
    V1,
    /** cgroup2 at {@code /sys/fs/cgroup}. */
    V2,
    /** v1 controllers plus a cgroup2 mount without controllers (treated as v1, as upstream). */
    HYBRID
}
