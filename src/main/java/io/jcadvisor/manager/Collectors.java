package io.jcadvisor.manager;

import io.jcadvisor.container.ContainerCollector;
import io.jcadvisor.container.ContainerHandler;
import io.jcadvisor.info.v1.ContainerSpec;
import io.jcadvisor.info.v1.ContainerStats;
import io.quarkus.logging.Log;

import java.util.List;

/**
 * Every {@link ContainerCollector}, called in turn for one container. A collector that throws costs
 * only its own part (logged), never the container's sample, spec or lifecycle.
 */
final class Collectors {

    static final Collectors NONE = new Collectors(List.of());

    private final List<ContainerCollector> all;

    Collectors(List<ContainerCollector> all) {
        this.all = List.copyOf(all);
    }

    void started(ContainerHandler handler, ContainerSpec spec) {
        for (ContainerCollector collector : all) {
            try {
                collector.started(handler, spec);
            } catch (RuntimeException e) {
                Log.warnf(e, "Collector %s could not start for %s", collector.name(), name(handler));
            }
        }
    }

    void stopped(ContainerHandler handler) {
        for (ContainerCollector collector : all) {
            try {
                collector.stopped(handler);
            } catch (RuntimeException e) {
                Log.warnf(e, "Collector %s could not stop for %s", collector.name(), name(handler));
            }
        }
    }

    /** The sample with each collector's values attached. */
    ContainerStats collect(ContainerHandler handler, ContainerStats stats) {
        ContainerStats result = stats;
        for (ContainerCollector collector : all) {
            try {
                result = collector.collect(handler, result);
            } catch (RuntimeException e) {
                Log.debugf(e, "Collector %s failed for %s", collector.name(), name(handler));
            }
        }
        return result;
    }

    /** The spec with what each collector declares. */
    ContainerSpec spec(ContainerHandler handler, ContainerSpec spec) {
        ContainerSpec result = spec;
        for (ContainerCollector collector : all) {
            try {
                result = collector.spec(handler, result);
            } catch (RuntimeException e) {
                Log.debugf(e, "Collector %s failed on the spec of %s", collector.name(), name(handler));
            }
        }
        return result;
    }

    private static String name(ContainerHandler handler) {
        return handler.reference().name();
    }
}
