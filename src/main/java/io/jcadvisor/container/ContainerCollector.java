package io.jcadvisor.container;

import io.jcadvisor.info.v1.ContainerSpec;
import io.jcadvisor.info.v1.ContainerStats;

/**
 * A per-container source beside the cgroup readers: application metrics, perf counters, resctrl
 * (upstream's housekeeping collects these after the cgroup stats, docs/data-sources.md §10). Every CDI bean
 * of this type is called by the manager for every tracked container.
 *
 * <p>Calls come from housekeeping threads, one container at a time per container; different
 * containers run concurrently. A collector's own slow work (an HTTP scrape, a subprocess) runs on
 * its own schedule; {@link #collect} only attaches what it last got, so it must not block.
 * A collector failing for one container costs that container its values, never the sample.
 */
public interface ContainerCollector {

    /** Short name for logs, e.g. {@code app}. */
    String name();

    /** The container is now tracked; start whatever it needs. Must not block. */
    default void started(ContainerHandler handler, ContainerSpec spec) {
    }

    /** The sample just read, with this collector's values attached; the same instance when it has none. */
    ContainerStats collect(ContainerHandler handler, ContainerStats stats);

    /** The spec with what this collector declares (e.g. {@code custom_metrics}); the same instance by default. */
    default ContainerSpec spec(ContainerHandler handler, ContainerSpec spec) {
        return spec;
    }

    /** The container is no longer tracked; release what it held (processes, groups, schedules). */
    default void stopped(ContainerHandler handler) {
    }
}
