package io.jcadvisor.perf;

import java.util.List;

/**
 * The perf events JSON of {@code -perf_events_config}, as upstream reads it:
 * {@code {"core":{"events":[…],"custom_events":[…]},"uncore":{…}}}.
 *
 * @param core   events counted per CPU for every container's perf_event cgroup
 * @param uncore events counted per socket for the root container only
 */
public record PerfEventsConfig(Section core, Section uncore) {

    /** No events at all. */
    public static final PerfEventsConfig EMPTY = new PerfEventsConfig(Section.EMPTY, Section.EMPTY);

    /**
     * One section.
     *
     * @param groups       the {@code events} entries: a plain string is a group of one, a nested
     *                     array a group scheduled together on the PMU (perf's {@code {a,b}})
     * @param customEvents {@code custom_events}: names whose encoding is given instead of looked up
     */
    public record Section(List<List<String>> groups, List<CustomEvent> customEvents) {

        public static final Section EMPTY = new Section(List.of(), List.of());

        public Section {
            groups = groups.stream().map(List::copyOf).toList();
            customEvents = List.copyOf(customEvents);
        }

        public boolean isEmpty() {
            return groups.isEmpty();
        }

        /** The custom encoding of an event name, or null when perf should resolve the name. */
        public CustomEvent custom(String name) {
            for (CustomEvent event : customEvents) {
                if (event.name().equals(name)) {
                    return event;
                }
            }
            return null;
        }
    }

    /**
     * A raw event encoding (upstream {@code CustomEvent}).
     *
     * @param type   the {@code perf_event_attr.type}: a PMU's number from
     *               {@code /sys/bus/event_source/devices/<pmu>/type} (4 = raw CPU event)
     * @param config {@code config}, {@code config1}, {@code config2}, in that order (uint64 each)
     * @param name   the name the events list and the reported values use
     */
    public record CustomEvent(int type, List<Long> config, String name) {

        public CustomEvent {
            config = List.copyOf(config);
        }
    }
}
