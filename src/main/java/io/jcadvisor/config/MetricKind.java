package io.jcadvisor.config;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The metric groups of upstream {@code -enable_metrics} / {@code -disable_metrics}, by their upstream names. */
public enum MetricKind {
    CPU("cpu"),
    SCHED("sched"),
    PERCPU("percpu"),
    MEMORY("memory"),
    MEMORY_NUMA("memory_numa"),
    CPU_LOAD("cpuLoad"),
    DISK_IO("diskIO"),
    DISK("disk"),
    NETWORK("network"),
    TCP("tcp"),
    ADVTCP("advtcp"),
    UDP("udp"),
    APP("app"),
    PROCESS("process"),
    HUGETLB("hugetlb"),
    PERF_EVENT("perf_event"),
    REFERENCED_MEMORY("referenced_memory"),
    CPU_TOPOLOGY("cpu_topology"),
    RESCTRL("resctrl"),
    CPUSET("cpuset"),
    OOM_EVENT("oom_event"),
    PRESSURE("pressure");

    private final String upstreamName;

    MetricKind(String upstreamName) {
        this.upstreamName = upstreamName;
    }

    /** The group name as upstream flags spell it ({@code cpuLoad}, {@code diskIO}). */
    public String upstreamName() {
        return upstreamName;
    }

    public static Optional<MetricKind> byUpstreamName(String name) {
        return Arrays.stream(values()).filter(k -> k.upstreamName.equals(name)).findFirst();
    }

    /**
     * Resolves the enabled set as upstream does: a non-empty enable list is exactly the set;
     * otherwise every group minus the disable list.
     *
     * @throws IllegalArgumentException {@code unsupported metric "x" specified}, upstream's message
     */
    public static Set<MetricKind> resolve(Collection<String> enable, Collection<String> disable) {
        if (!enable.isEmpty()) {
            return parse(enable);
        }
        EnumSet<MetricKind> all = EnumSet.allOf(MetricKind.class);
        all.removeAll(parse(disable));
        return all;
    }

    /**
     * The groups of a list of upstream names; blank entries and {@code none} are skipped.
     *
     * @throws IllegalArgumentException {@code unsupported metric "x" specified}, upstream's message
     */
    public static EnumSet<MetricKind> parse(Collection<String> names) {
        EnumSet<MetricKind> kinds = EnumSet.noneOf(MetricKind.class);
        for (String raw : names) {
            String name = raw.trim();
            if (name.isEmpty() || name.toLowerCase(Locale.ROOT).equals("none")) {
                continue;
            }
            kinds.add(byUpstreamName(name).orElseThrow(
                    () -> new IllegalArgumentException("unsupported metric \"" + name + "\" specified")));
        }
        return kinds;
    }
}
