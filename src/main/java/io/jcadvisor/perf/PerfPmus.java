package io.jcadvisor.perf;

import io.jcadvisor.host.HostFs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The host's perf PMUs, from {@code /sys/bus/event_source/devices/<pmu>/type} (the number a
 * {@code perf_event_attr.type} names).
 *
 * @param byType PMU name by type number
 */
public record PerfPmus(Map<Integer, String> byType) {

    static final String DEVICES = "/sys/bus/event_source/devices";

    /** Reads the PMUs through the host root; empty when sysfs has none (no perf in the kernel). */
    public static PerfPmus read(HostFs hostFs) {
        Map<Integer, String> byType = new TreeMap<>();
        for (String pmu : hostFs.list(DEVICES)) {
            hostFs.readString(DEVICES + "/" + pmu + "/type").ifPresent(text -> {
                try {
                    byType.put(Integer.parseInt(text.trim()), pmu);
                } catch (NumberFormatException e) {
                    // Not a PMU directory we understand; perf would not offer it either.
                }
            });
        }
        return new PerfPmus(Collections.unmodifiableMap(byType));
    }

    /**
     * The scale perf applies to a PMU event's count when printing it in the event's unit
     * ({@code /sys/bus/event_source/devices/<pmu>/events/<event>.scale}), 1 when there is none.
     */
    public static double scale(HostFs hostFs, String pmu, String event) {
        if (pmu.contains("/") || pmu.contains("..") || event.contains("/") || event.contains("..")) {
            return 1.0;
        }
        return hostFs.readString(DEVICES + "/" + pmu + "/events/" + event + ".scale").map(text -> {
            try {
                double scale = Double.parseDouble(text.trim());
                return scale > 0 && Double.isFinite(scale) ? scale : 1.0;
            } catch (NumberFormatException e) {
                return 1.0;
            }
        }).orElse(1.0);
    }

    /** The uncore PMUs ({@code uncore_imc_0}, …), whose events count per socket. */
    public List<String> uncore() {
        List<String> out = new ArrayList<>();
        for (String name : byType.values()) {
            if (name.startsWith("uncore")) {
                out.add(name);
            }
        }
        Collections.sort(out);
        return out;
    }
}
