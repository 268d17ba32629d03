package io.jcadvisor.manager;

import io.jcadvisor.cgroup.CgroupMode;
import io.jcadvisor.cgroup.CgroupMounts;

import java.util.List;

/** Hierarchy roots given by the test, under a temporary host root. */
record TempCgroupMounts(List<String> hierarchyRoots) implements CgroupMounts {

    @Override
    public CgroupMode mode() {
        return CgroupMode.V1;
    }
}
