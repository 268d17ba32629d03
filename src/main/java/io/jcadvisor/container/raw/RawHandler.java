package io.jcadvisor.container.raw;

import io.jcadvisor.cgroup.CgroupContainer;
import io.jcadvisor.cgroup.ContainerGoneException;
import io.jcadvisor.container.ContainerHandler;
import io.jcadvisor.info.v1.ContainerReference;
import io.jcadvisor.info.v1.ContainerSpec;
import io.jcadvisor.info.v1.ContainerStats;

import java.util.List;

/**
 * A plain cgroup: only what its cgroup files say (no name aliases, labels or image). Network, fd
 * counts and ulimits need a main process, which a raw cgroup does not have (the manager adds them
 * for {@code /} from pid 1).
 */
public final class RawHandler implements ContainerHandler {

    private final CgroupContainer cgroup;
    private final ContainerReference reference;

    public RawHandler(CgroupContainer cgroup) {
        this.cgroup = cgroup;
        this.reference = ContainerReference.of(cgroup.name());
    }

    @Override
    public ContainerReference reference() {
        return reference;
    }

    @Override
    public ContainerSpec spec() throws ContainerGoneException {
        return cgroup.spec();
    }

    @Override
    public ContainerStats stats() throws ContainerGoneException {
        return cgroup.stats();
    }

    @Override
    public List<Integer> pids() {
        return cgroup.pids();
    }

    @Override
    public boolean exists() {
        return cgroup.exists();
    }

    @Override
    public String toString() {
        return "RawHandler[" + cgroup.name() + "]";
    }
}
