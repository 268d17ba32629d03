package io.jcadvisor.perf;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The {@code perf stat} command lines (pure). Flags and why:
 * <ul>
 *   <li>{@code -x ;}: machine-readable lines. Not {@code ,}: a custom event's term
 *       ({@code cpu/config=0x1,config1=0x2/}) comes back verbatim in the event column and has commas.</li>
 *   <li>{@code -I <ms>}: print every interval the counts of that interval (deltas), with each
 *       counter's running time and running percentage, so totals and the enabled time can be
 *       accumulated here. perf refuses intervals under 10 ms; we never go under 100 ms.</li>
 *   <li>{@code --no-big-num}: no thousands separators in values.</li>
 *   <li>{@code -a -A}: all CPUs, one line per CPU ({@code CPU<n>}), as upstream opens one counter
 *       per CPU; {@code -G} needs the system-wide per-CPU mode anyway.</li>
 *   <li>{@code -G cg,cg,…}: the cgroup path (relative to perf's perf_event or cgroup2 mount), one
 *       per event, since older perf applies a single cgroup to the first event only.</li>
 *   <li>uncore: {@code --per-socket} (one line per socket, {@code S<n>;<cpus>}) and
 *       {@code --no-merge}, so each PMU instance ({@code uncore_imc_0}, {@code uncore_imc_1}) is
 *       reported apart instead of summed, as upstream reports per PMU; no cgroup (uncore PMUs
 *       count the whole socket).</li>
 * </ul>
 * Values are printed already scaled by enabled/running (perf's default).
 */
public final class PerfCommand {

    /** Shortest interval we ask for. */
    static final Duration MIN_INTERVAL = Duration.ofMillis(100);

    private PerfCommand() {
    }

    /** Core events of one cgroup, per CPU. */
    public static List<String> core(String binary, Duration interval, String cgroup, List<List<PerfEvent>> groups) {
        List<String> args = common(binary, interval);
        args.add("-A");
        args.add("-e");
        args.add(PerfEventResolver.eventList(groups));
        args.add("-G");
        args.add(String.join(",", Collections.nCopies(PerfEventResolver.count(groups), cgroup)));
        return List.copyOf(args);
    }

    /** Uncore events of the whole machine, per socket and PMU instance. */
    public static List<String> uncore(String binary, Duration interval, List<List<PerfEvent>> groups) {
        List<String> args = common(binary, interval);
        args.add("--per-socket");
        args.add("--no-merge");
        args.add("-e");
        args.add(PerfEventResolver.eventList(groups));
        return List.copyOf(args);
    }

    /**
     * A one-shot check that perf accepts the events and the host has them: counts them on all CPUs
     * (uncore events refuse per-task counting) while {@code true} runs.
     */
    public static List<String> probe(String binary, List<List<PerfEvent>> groups) {
        return List.of(binary, "stat", "-x", ";", "-a", "-e", PerfEventResolver.eventList(groups), "--", "true");
    }

    private static List<String> common(String binary, Duration interval) {
        long millis = Math.max(MIN_INTERVAL.toMillis(), interval.toMillis());
        List<String> args = new ArrayList<>();
        args.add(binary);
        args.add("stat");
        args.add("-x");
        args.add(";");
        args.add("-I");
        args.add(Long.toString(millis));
        args.add("--no-big-num");
        args.add("-a");
        return args;
    }
}
