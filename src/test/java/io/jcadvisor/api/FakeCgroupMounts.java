package io.jcadvisor.api;

import io.jcadvisor.cgroup.CgroupMode;
import io.jcadvisor.cgroup.CgroupMounts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import java.util.List;

/** A hybrid host's v1 hierarchies, for {@code /validate/}; enabled by {@link ApiTestProfile} only. */
@Alternative
@ApplicationScoped
public class FakeCgroupMounts implements CgroupMounts {

    @Override
    public CgroupMode mode() {
        return CgroupMode.HYBRID;
    }

    @Override
    public List<String> hierarchyRoots() {
        return List.of("/sys/fs/cgroup/cpu", "/sys/fs/cgroup/cpuacct", "/sys/fs/cgroup/memory");
    }
}
