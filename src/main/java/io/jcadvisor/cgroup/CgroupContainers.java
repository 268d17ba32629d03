package io.jcadvisor.cgroup;

/** Opens the cgroup readers of a container name; one bean, shared by every runtime factory. */
public interface CgroupContainers {

    /** Readers for {@code name} (a cgroup path); does not check that it exists. */
    CgroupContainer open(String name);
}
