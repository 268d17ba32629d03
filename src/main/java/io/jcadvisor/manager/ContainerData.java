package io.jcadvisor.manager;

import io.jcadvisor.cgroup.ContainerGoneException;
import io.jcadvisor.container.ContainerHandler;
import io.jcadvisor.info.v1.ContainerSpec;
import io.jcadvisor.summary.ContainerSummary;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One tracked container: its handler, cached spec, housekeeping cadence and derived-stats summary.
 * Samples themselves live in the {@link io.jcadvisor.cache.StatsCache}.
 */
final class ContainerData {

    /** Spec is re-read at most this often (upstream caches it for 5 s). */
    static final Duration SPEC_MAX_AGE = Duration.ofSeconds(5);

    final String name;
    final String factory;
    final ContainerHandler handler;
    final HousekeepingSchedule schedule;
    final ContainerSummary summary;
    /** Held while sampling, so the housekeeping tick and an on-demand refresh never read at once. */
    final ReentrantLock sampling = new ReentrantLock();
    /** Set while queued or running on the housekeeping executor. */
    final AtomicBoolean inFlight = new AtomicBoolean();

    private ContainerSpec spec;
    private Instant specReadAt;
    /** Next time the tick samples it; {@link Instant#MAX} for never. */
    volatile Instant nextDue;
    volatile boolean removed;
    /** Guarded by {@link #sampling}. */
    Instant lastErrorLog;

    ContainerData(String name, String factory, ContainerHandler handler, HousekeepingSchedule schedule,
            ContainerSpec spec, Instant specReadAt, Instant firstDue) {
        this.name = name;
        this.factory = factory;
        this.handler = handler;
        this.schedule = schedule;
        this.spec = spec;
        this.specReadAt = specReadAt;
        this.summary = spec.hasCpu() || spec.hasMemory() ? new ContainerSummary(spec.hasCpu(), spec.hasMemory()) : null;
        this.nextDue = firstDue;
    }

    /** The spec, re-read when older than {@link #SPEC_MAX_AGE}; the last good one when the cgroup is vanishing. */
    synchronized ContainerSpec spec(Instant now) {
        if (Duration.between(specReadAt, now).compareTo(SPEC_MAX_AGE) >= 0 || now.isBefore(specReadAt)) {
            try {
                spec = handler.spec();
                specReadAt = now;
            } catch (ContainerGoneException e) {
                // the watch or the walk will remove it; until then the last spec stands
                specReadAt = now;
            } catch (RuntimeException e) {
                // a handler fault must not break a query; keep serving the last good spec
                io.quarkus.logging.Log.debugf(e, "Reading the spec of %s", name);
                specReadAt = now;
            }
        }
        return spec;
    }
}
