package io.jcadvisor.proc;

import io.jcadvisor.info.v1.CpuSchedstat;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Scheduler counters of one container ({@code cpu.schedstat}): the sum over its processes of
 * {@code /proc/<pid>/schedstat}, kept monotonic across process exits. Create one per container handler
 * (see {@link PidStatsReader#newSchedstatAccumulator()}); it is thread-safe.
 *
 * <p>Result = Σ latest values of the processes read now + Σ last values seen of processes that have
 * left since this accumulator was created, as upstream computes it.
 *
 * <p>Deliberate difference from upstream: upstream aborts the whole computation when one pid's file
 * cannot be read (typically a process that exited between listing the cgroup and reading its file) and
 * reports 0 for all three counters, a spurious counter reset. Here such a pid counts as exited: its
 * last seen values move to the exited sum and the sample stays monotonic.
 */
public final class SchedstatAccumulator {

    private final IntFunction<Optional<CpuSchedstat>> reader;
    private final Map<Integer, CpuSchedstat> live = new HashMap<>();
    private long exitedRunTime;
    private long exitedRunqueueTime;
    private long exitedRunPeriods;

    /** @param reader reads one pid's counters; empty when the process is gone */
    public SchedstatAccumulator(IntFunction<Optional<CpuSchedstat>> reader) {
        this.reader = reader;
    }

    /**
     * Reads the counters of {@code pids} (every pid of the container and its descendant cgroups) and
     * returns the container's cumulative counters: run time and run-queue time in ns, run periods as a
     * count.
     */
    public synchronized CpuSchedstat sample(Collection<Integer> pids) {
        Set<Integer> seen = new HashSet<>();
        for (int pid : pids) {
            if (!seen.add(pid)) {
                continue;
            }
            Optional<CpuSchedstat> current = reader.apply(pid);
            if (current.isEmpty()) {
                seen.remove(pid);
                continue;
            }
            CpuSchedstat previous = live.put(pid, current.get());
            if (previous != null && Long.compareUnsigned(current.get().runTime(), previous.runTime()) < 0) {
                // the pid was reused by a new process: the old one's counters are final
                retire(previous);
            }
        }
        live.entrySet().removeIf(entry -> {
            if (seen.contains(entry.getKey())) {
                return false;
            }
            retire(entry.getValue());
            return true;
        });
        long runTime = exitedRunTime;
        long runqueueTime = exitedRunqueueTime;
        long runPeriods = exitedRunPeriods;
        for (CpuSchedstat stat : live.values()) {
            runTime += stat.runTime();
            runqueueTime += stat.runqueueTime();
            runPeriods += stat.runPeriods();
        }
        return new CpuSchedstat(runTime, runqueueTime, runPeriods);
    }

    private void retire(CpuSchedstat last) {
        exitedRunTime += last.runTime();
        exitedRunqueueTime += last.runqueueTime();
        exitedRunPeriods += last.runPeriods();
    }
}
