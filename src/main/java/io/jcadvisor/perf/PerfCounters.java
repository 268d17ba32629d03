package io.jcadvisor.perf;

import io.jcadvisor.info.v1.PerfStat;
import io.jcadvisor.info.v1.PerfUncoreStat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Totals of one perf run, accumulated from its interval lines: per event and CPU (or socket and PMU)
 * the sum of the scaled interval counts, and the sums of running and enabled time, so the scaling
 * ratio is running ÷ enabled since the counter was opened, as upstream reads it from
 * {@code TOTAL_TIME_RUNNING}/{@code TOTAL_TIME_ENABLED}. Thread-safe: the reader thread adds, the
 * housekeeping thread takes snapshots.
 */
final class PerfCounters {

    private final List<PerfEvent> events;
    private final UnitScale scales;
    private final Map<Key, Total> totals = new HashMap<>();
    private final Set<String> unsupported = new LinkedHashSet<>();

    /**
     * The factor perf multiplied a PMU event's count by to print it in a unit (sysfs
     * {@code events/<event>.scale}, e.g. 6.103515625e-5 for {@code uncore_imc} CAS counts in MiB).
     */
    @FunctionalInterface
    interface UnitScale {
        /** The scale of {@code pmu}'s event {@code event}, or 1 when there is none. */
        double of(String pmu, String event);
    }

    /** @param events the events of the run, in configured order */
    PerfCounters(List<PerfEvent> events) {
        this(events, (pmu, event) -> 1.0);
    }

    /**
     * @param events the events of the run, in configured order
     * @param scales how to undo perf's unit scaling, so values are the kernel's counts as upstream's
     */
    PerfCounters(List<PerfEvent> events, UnitScale scales) {
        this.events = List.copyOf(events);
        this.scales = scales;
    }

    private record Key(int order, String name, String pmu, int index) {
    }

    private static final class Total {
        double count;
        long runningNs;
        double enabledNs;
    }

    private static final Comparator<Key> ORDER = Comparator.comparingInt(Key::order).thenComparing(Key::pmu)
            .thenComparingInt(Key::index);

    /**
     * Adds one interval line.
     *
     * @return the configured name when this line is the first to say the event is not supported
     *         (the caller logs it once), else null
     */
    synchronized String add(PerfStatLine line) {
        String printed = line.event();
        String pmu = "";
        int order = indexOf(printed);
        if (order < 0 && line.socket()) {
            String[] split = splitPmu(printed);
            pmu = split[0];
            order = indexOfUncore(split[0], split[1]);
        } else if (line.socket()) {
            pmu = splitPmu(printed)[0];
        }
        if (order < 0) {
            return null;
        }
        String name = events.get(order).name();
        if (line.status() == PerfStatLine.Status.NOT_SUPPORTED) {
            return unsupported.add(name) ? name : null;
        }
        Total total = totals.computeIfAbsent(new Key(order, name, pmu, line.index()), k -> new Total());
        total.count += unscaled(line, printed);
        if (line.status() == PerfStatLine.Status.COUNTED && line.runningNs() > 0) {
            total.runningNs += line.runningNs();
            total.enabledNs += line.enabledNs();
        }
        return null;
    }

    /** The line's count before perf's unit scaling (msec is already undone by the parser). */
    private double unscaled(PerfStatLine line, String printed) {
        if (line.unit().isEmpty() || line.unit().equals("msec") || line.count() == 0) {
            return line.count();
        }
        String[] split = splitPmu(printed);
        String event = split[1].endsWith("/") ? split[1].substring(0, split[1].length() - 1) : split[1];
        if (split[0].isEmpty() || event.isEmpty() || event.contains("=") || event.contains("/")) {
            return line.count();
        }
        double scale = scales.of(split[0], event);
        return scale > 0 && Double.isFinite(scale) ? line.count() / scale : line.count();
    }

    /** Per-CPU totals, in configured event order then CPU. */
    synchronized List<PerfStat> core() {
        List<PerfStat> out = new ArrayList<>();
        for (Map.Entry<Key, Total> e : sorted()) {
            out.add(new PerfStat(ratio(e.getValue()), Math.round(e.getValue().count), e.getKey().name(),
                    e.getKey().index()));
        }
        return out;
    }

    /** Per-socket and PMU totals, in configured event order then PMU and socket. */
    synchronized List<PerfUncoreStat> uncore() {
        List<PerfUncoreStat> out = new ArrayList<>();
        for (Map.Entry<Key, Total> e : sorted()) {
            out.add(new PerfUncoreStat(ratio(e.getValue()), Math.round(e.getValue().count), e.getKey().name(),
                    e.getKey().index(), e.getKey().pmu()));
        }
        return out;
    }

    private List<Map.Entry<Key, Total>> sorted() {
        List<Map.Entry<Key, Total>> entries = new ArrayList<>(totals.entrySet());
        entries.sort(Map.Entry.comparingByKey(ORDER));
        return entries;
    }

    private static double ratio(Total total) {
        // Never enabled (the cgroup never ran on that CPU): nothing was multiplexed.
        if (total.enabledNs <= 0) {
            return 1.0;
        }
        return Math.min(1.0, total.runningNs / total.enabledNs);
    }

    private int indexOf(String printed) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).spec().equals(printed)) {
                return i;
            }
        }
        return -1;
    }

    /** The configured uncore event a {@code --no-merge} name belongs to ({@code uncore_imc/x/} for {@code uncore_imc_0/x/}). */
    private int indexOfUncore(String pmu, String base) {
        for (int i = 0; i < events.size(); i++) {
            String spec = events.get(i).spec();
            String[] split = splitPmu(spec);
            if (split[0].isEmpty() ? spec.equals(base) : split[1].equals(base) && pmu.startsWith(split[0])) {
                return i;
            }
        }
        return -1;
    }

    /**
     * PMU and the rest of an event column: {@code uncore_imc_0/cas_count_read/} gives
     * {@code uncore_imc_0} and {@code cas_count_read/}; perf's other uniquified form
     * {@code cas_count_read [uncore_imc_0]} gives {@code uncore_imc_0} and {@code cas_count_read};
     * a name without a PMU gives an empty PMU.
     */
    static String[] splitPmu(String printed) {
        int bracket = printed.lastIndexOf(" [");
        if (bracket > 0 && printed.endsWith("]")) {
            return new String[] {printed.substring(bracket + 2, printed.length() - 1), printed.substring(0, bracket)};
        }
        int slash = printed.indexOf('/');
        if (slash > 0) {
            return new String[] {printed.substring(0, slash), printed.substring(slash + 1)};
        }
        return new String[] {"", printed};
    }
}
