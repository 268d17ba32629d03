package io.jcadvisor.perf;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns a config section into perf {@code -e} terms (pure). Named events go to perf as they are
 * (perf(1) resolves them: generic names such as {@code instructions}, {@code cycles},
 * {@code cache-misses}, software events, PMU aliases); a name with a {@code custom_events} entry
 * becomes {@code <pmu>/config=…,config1=…,config2=…/} for the PMU whose sysfs {@code type} equals
 * the entry's type, {@code r<hex>} for type 4 (raw) when no PMU claims it, or the generic hardware
 * name for type 0.
 */
public final class PerfEventResolver {

    /** PERF_TYPE_HARDWARE. */
    static final int TYPE_HARDWARE = 0;
    /** PERF_TYPE_RAW. */
    static final int TYPE_RAW = 4;
    /** perf's names of the PERF_COUNT_HW_* configs, in config order (include/uapi/linux/perf_event.h). */
    private static final String[] HARDWARE = {"cycles", "instructions", "cache-references", "cache-misses",
        "branch-instructions", "branch-misses", "bus-cycles", "stalled-cycles-frontend", "stalled-cycles-backend",
        "ref-cycles"};

    private PerfEventResolver() {
    }

    /**
     * The section's groups as perf terms; an event that cannot be expressed is reported to
     * {@code problems} and left out (a group left empty is dropped).
     *
     * @param pmuByType PMU name by its {@code /sys/bus/event_source/devices/<pmu>/type} number
     */
    public static List<List<PerfEvent>> resolve(PerfEventsConfig.Section section, Map<Integer, String> pmuByType,
            Consumer<String> problems) {
        List<List<PerfEvent>> out = new ArrayList<>();
        for (List<String> group : section.groups()) {
            List<PerfEvent> resolved = new ArrayList<>();
            for (String name : group) {
                PerfEventsConfig.CustomEvent custom = section.custom(name);
                if (custom == null) {
                    resolved.add(new PerfEvent(name, name));
                    continue;
                }
                String spec = customSpec(custom, pmuByType);
                if (spec == null) {
                    problems.accept("custom event " + name + ": no PMU with type " + custom.type()
                            + " under /sys/bus/event_source/devices");
                } else {
                    resolved.add(new PerfEvent(name, spec));
                }
            }
            if (!resolved.isEmpty()) {
                out.add(List.copyOf(resolved));
            }
        }
        return List.copyOf(out);
    }

    /** perf's term for a custom event, or null when its type names no PMU this host has. */
    static String customSpec(PerfEventsConfig.CustomEvent custom, Map<Integer, String> pmuByType) {
        List<Long> config = custom.config();
        String pmu = pmuByType.get(custom.type());
        if (pmu != null) {
            StringBuilder spec = new StringBuilder(pmu).append('/');
            for (int i = 0; i < config.size(); i++) {
                spec.append(i == 0 ? "" : ",").append(i == 0 ? "config" : "config" + i).append("=0x")
                        .append(Long.toHexString(config.get(i)));
            }
            return spec.append('/').toString();
        }
        if (custom.type() == TYPE_RAW && config.size() == 1) {
            return "r" + Long.toHexString(config.get(0));
        }
        if (custom.type() == TYPE_HARDWARE && config.size() == 1 && config.get(0) >= 0
                && config.get(0) < HARDWARE.length) {
            return HARDWARE[config.get(0).intValue()];
        }
        return null;
    }

    /** The {@code -e} argument: groups of several events in braces, all joined by commas. */
    public static String eventList(List<List<PerfEvent>> groups) {
        StringBuilder out = new StringBuilder();
        for (List<PerfEvent> group : groups) {
            if (out.length() > 0) {
                out.append(',');
            }
            if (group.size() > 1) {
                out.append('{');
            }
            for (int i = 0; i < group.size(); i++) {
                out.append(i == 0 ? "" : ",").append(group.get(i).spec());
            }
            if (group.size() > 1) {
                out.append('}');
            }
        }
        return out.toString();
    }

    /** Number of events over all groups (perf's -G wants one cgroup per event). */
    public static int count(List<List<PerfEvent>> groups) {
        return groups.stream().mapToInt(List::size).sum();
    }
}
