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
 *
 * <p>The root container also carries the machine's partitions as its {@code filesystem} list and says
 * {@code has_network} and {@code has_filesystem}, as upstream's raw handler does for {@code /} (upstream
 * sets {@code has_network} when the machine has a physical network device; we set it when the network
 * metric group is on, since pid 1's interfaces are then in every sample).
 */
public final class RawHandler implements ContainerHandler {

    private final CgroupContainer cgroup;
    private final ContainerReference reference;
    private final ProcessView processView;
    private final int mainPid;
    private final boolean rootNetwork;
    private final Supplier<List<FsStats>> rootFilesystems;

    public RawHandler(CgroupContainer cgroup) {
        this(cgroup, ProcessView.none());
    }

    public RawHandler(CgroupContainer cgroup, ProcessView processView) {
        this(cgroup, processView, false, null);
    }

    /**
     * @param rootNetwork     for {@code /}: report {@code has_network}
     * @param rootFilesystems for {@code /}: the machine's partitions per sample, or null when the disk
     *                        group is off (then {@code has_filesystem} is false); ignored for other names
     */
    public RawHandler(CgroupContainer cgroup, ProcessView processView, boolean rootNetwork,
            Supplier<List<FsStats>> rootFilesystems) {
        this.cgroup = cgroup;
        this.reference = ContainerReference.of(cgroup.name());
        this.processView = processView;
        boolean root = cgroup.name().equals("/");
        this.mainPid = root ? 1 : 0;
        this.rootNetwork = root && rootNetwork;
        this.rootFilesystems = root ? rootFilesystems : null;
    }

    @Override
    public ContainerReference reference() {
        return reference;
    }

    @Override
    public ContainerSpec spec() throws ContainerGoneException {
        ContainerSpec spec = cgroup.spec();
        if (!rootNetwork && rootFilesystems == null) {
            return spec;
        }
        return new ContainerSpec(spec.creationTime(), spec.startTime(), spec.labels(), spec.envs(), spec.hasCpu(),
                spec.cpu(), spec.hasMemory(), spec.memory(), spec.hasHugetlb(), spec.hasNetwork() || rootNetwork,
                spec.hasProcesses(), spec.processes(), spec.hasFilesystem() || rootFilesystems != null,
                spec.hasDiskio(), spec.hasCustomMetrics(), spec.customMetrics(), spec.image());
    }

    @Override
    public ContainerStats stats() throws ContainerGoneException {
        ContainerStats stats = processView.addTo(cgroup.stats(), mainPid, true, cgroup::pids);
        return rootFilesystems == null ? stats : stats.withFilesystem(rootFilesystems.get());
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
