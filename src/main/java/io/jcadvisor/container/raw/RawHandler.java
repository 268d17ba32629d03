package io.jcadvisor.container.raw;

import io.jcadvisor.cgroup.CgroupContainer;
import io.jcadvisor.cgroup.ContainerGoneException;
import io.jcadvisor.container.ContainerHandler;
import io.jcadvisor.container.ProcessView;
import io.jcadvisor.info.v1.ContainerReference;
import io.jcadvisor.info.v1.ContainerSpec;
import io.jcadvisor.info.v1.ContainerStats;

import java.util.List;

/**
 * A plain cgroup: what its cgroup files say (no name aliases, labels or image), plus fd counts of
 * its processes. Network and ulimits need a main process, which a raw cgroup does not have, except
 * {@code /}: the machine's main process is pid 1, as upstream.
 */
public final class RawHandler implements ContainerHandler {

    private final CgroupContainer cgroup;
    private final ContainerReference reference;
    private final ProcessView processView;
    private final int mainPid;

    public RawHandler(CgroupContainer cgroup) {
        this(cgroup, ProcessView.none());
    }

    public RawHandler(CgroupContainer cgroup, ProcessView processView) {
        this.cgroup = cgroup;
        this.reference = ContainerReference.of(cgroup.name());
        this.processView = processView;
        this.mainPid = cgroup.name().equals("/") ? 1 : 0;
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
        return processView.addTo(cgroup.stats(), mainPid, true, cgroup::pids);
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
