package io.jcadvisor.container.raw;

import io.jcadvisor.cgroup.CgroupContainer;
import io.jcadvisor.cgroup.ContainerGoneException;
import io.jcadvisor.container.ContainerHandler;
import io.jcadvisor.container.ProcessView;
import io.jcadvisor.info.v1.ContainerReference;
import io.jcadvisor.info.v1.ContainerSpec;
import io.jcadvisor.info.v1.ContainerStats;
import io.jcadvisor.info.v1.FsStats;

import java.util.List;
import java.util.function.Supplier;

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
    private final Supplier<List<FsStats>> filesystems;

    public RawHandler(CgroupContainer cgroup) {
        this(cgroup, ProcessView.none(), null);
    }

    /**
     * @param filesystems the machine's partitions for {@code /} (null: none, as for other raw
     *                    cgroups without container hints)
     */
    public RawHandler(CgroupContainer cgroup, ProcessView processView, Supplier<List<FsStats>> filesystems) {
        this.cgroup = cgroup;
        this.reference = ContainerReference.of(cgroup.name());
        this.processView = processView;
        boolean root = cgroup.name().equals("/");
        this.mainPid = root ? 1 : 0;
        this.filesystems = root ? filesystems : null;
    }

    @Override
    public ContainerReference reference() {
        return reference;
    }

    @Override
    public ContainerSpec spec() throws ContainerGoneException {
        ContainerSpec spec = cgroup.spec();
        // The root has the machine's filesystems whatever the disk group: upstream's raw handler sets
        // has_filesystem for "/" unconditionally, and only its stats leave them out when disk is off.
        return mainPid > 0 ? spec.withNetworkAndFilesystem(true, true) : spec;
    }

    @Override
    public ContainerStats stats() throws ContainerGoneException {
        ContainerStats stats = processView.addTo(cgroup.stats(), mainPid, true, cgroup::pids);
        return filesystems == null ? stats : stats.withFilesystem(filesystems.get());
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

    /** Closes the cgroup files held open between samples. */
    @Override
    public void close() {
        cgroup.close();
    }
}
