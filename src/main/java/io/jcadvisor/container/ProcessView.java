package io.jcadvisor.container;

import io.jcadvisor.config.EnabledMetrics;
import io.jcadvisor.config.MetricKind;

import io.jcadvisor.info.v1.ContainerStats;
import io.jcadvisor.info.v1.CpuStats;
import io.jcadvisor.info.v1.NetworkStats;
import io.jcadvisor.info.v1.ProcessStats;
import io.jcadvisor.proc.FdCounts;
import io.jcadvisor.proc.PidStatsReader;
import io.jcadvisor.proc.SchedstatAccumulator;

import java.util.List;
import java.util.function.Supplier;

/**
 * Adds to a cgroup sample what only the container's processes can tell, read under
 * {@code /proc/<pid>}: network counters through the main process's network namespace
 * ({@code net/dev}, and {@code net/tcp*}, {@code net/udp*}, {@code net/netstat} with their groups),
 * fd and socket counts and the max-open-files ulimit (group {@code process}), and scheduler
 * statistics (group {@code sched}), referenced memory from {@code /proc/<pid>/smaps} (group
 * {@code referenced_memory}; upstream's periodic {@code clear_refs} reset is not done, as with its
 * default {@code -referenced_reset_interval=0}). One per container: the schedstat accumulator keeps the counters
 * of exited tasks so they stay monotonic.
 */
public final class ProcessView {

    private static final ProcessView NONE = new ProcessView(null, null);

    private final PidStatsReader reader;
    private final EnabledMetrics metrics;
    private final SchedstatAccumulator schedstat;

    ProcessView(PidStatsReader reader, EnabledMetrics metrics) {
        this.reader = reader;
        this.metrics = metrics;
        this.schedstat = reader == null || !metrics.has(MetricKind.SCHED) ? null : reader.newSchedstatAccumulator();
    }

    /** A view that adds nothing, for handlers tested without /proc. */
    public static ProcessView none() {
        return NONE;
    }

    /**
     * The cgroup sample with the process sections filled in.
     *
     * @param stats   the cgroup's sample
     * @param mainPid the container's main process (host pid namespace), 0 when it has none: then
     *                there is no network section and no ulimits, as upstream
     * @param network whether the container has its own network (false for {@code container:} mode)
     * @param pids    the cgroup's own pids, asked only when a group needs them
     */
    public ContainerStats addTo(ContainerStats stats, int mainPid, boolean network, Supplier<List<Integer>> pids) {
        if (reader == null) {
            return stats;
        }
        NetworkStats net = stats.network();
        if (mainPid > 0 && network && metrics.has(MetricKind.NETWORK)) {
            net = reader.networkStats(mainPid, true, metrics.has(MetricKind.TCP), metrics.has(MetricKind.UDP),
                    metrics.has(MetricKind.ADVTCP));
        }
        List<Integer> members = null;
        ProcessStats procs = stats.processes();
        if (procs != null && metrics.has(MetricKind.PROCESS)) {
            members = pids.get();
            FdCounts fds = reader.fdCounts(members);
            procs = new ProcessStats(procs.processCount(), fds.fds(), fds.sockets(), procs.threadsCurrent(),
                    procs.threadsMax(), mainPid > 0 ? reader.maxOpenFiles(mainPid).map(List::of).orElse(List.of())
                            : List.of());
        }
        CpuStats cpu = stats.cpu();
        if (schedstat != null && cpu != null) {
            // Upstream sums the tasks of descendant cgroups too; we count the container's own tasks.
            cpu = new CpuStats(cpu.usage(), cpu.cfs(), schedstat.sample(members != null ? members : pids.get()),
                    cpu.loadAverage(), cpu.loadDAverage(), cpu.psi());
        }
        long referenced = stats.referencedMemory();
        if (metrics.has(MetricKind.REFERENCED_MEMORY)) {
            referenced = reader.referencedBytes(members != null ? members : pids.get());
        }
        if (net == stats.network() && procs == stats.processes() && cpu == stats.cpu()
                && referenced == stats.referencedMemory()) {
            return stats;
        }
        return stats.withProcessView(cpu, net, procs, referenced);
    }
}
