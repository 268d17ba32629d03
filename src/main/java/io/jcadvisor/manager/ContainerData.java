package io.jcadvisor.manager;

import io.jcadvisor.cgroup.ContainerGoneException;
import io.jcadvisor.container.ContainerHandler;
import io.jcadvisor.info.v1.ContainerSpec;
import io.jcadvisor.info.v1.ContainerStats;
import io.jcadvisor.info.v2.DerivedStats;
import io.jcadvisor.summary.ContainerSummary;
import io.quarkus.logging.Log;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One tracked container: its handler, cached spec, housekeeping cadence and derived-stats summary.
 * Samples themselves live in the {@link io.jcadvisor.cache.StatsCache}.
 *
 * <p>This class owns the container's mutable state and its concurrency rules; nothing else reaches
 * a field. Discovery creates it and {@link #markRemoved() removes} it, the housekeeping tick
 * {@link #claim() claims} it for one worker at a time, and sampling happens between
 * {@link #lockSampling()} and {@link #unlockSampling()} (the tick and an on-demand refresh never read at
 * once).
 */
final class ContainerData {

    /** Spec is re-read at most this often (upstream caches it for 5 s). */
    static final Duration SPEC_MAX_AGE = Duration.ofSeconds(5);
    /** A container's sampling failures are logged at most this often. */
    private static final Duration ERROR_LOG_INTERVAL = Duration.ofMinutes(1);

    private final String name;
    private final String factory;
    private final ContainerHandler handler;
    private final HousekeepingSchedule schedule;
    private final ContainerSummary summary;
    private final ReentrantLock sampling = new ReentrantLock();
    /** Set while queued or running on the housekeeping executor. */
    private final AtomicBoolean inFlight = new AtomicBoolean();

    /** Guarded by this. */
    private ContainerSpec spec;
    /** Guarded by this. */
    private Instant specReadAt;
    /** Next time the tick samples it; {@link Instant#MAX} for never. */
    private volatile Instant nextDue;
    private volatile boolean removed;
    /** Guarded by {@link #sampling}. */
    private Instant lastErrorLog;

    /** @param firstDue when the tick first samples it; {@link Instant#MAX} for a container never sampled */
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

    String name() {
        return name;
    }

    /** The name of the factory that made its handler ({@code raw}, {@code docker}, …). */
    String factory() {
        return factory;
    }

    ContainerHandler handler() {
        return handler;
    }

    // --- lifecycle --------------------------------------------------------------------------------

    /** No longer tracked: a sample still running is dropped, and the tick skips it. */
    void markRemoved() {
        removed = true;
    }

    boolean removed() {
        return removed;
    }

    /** False for a container never sampled ({@code -disable_root_cgroup_stats} on {@code /}). */
    boolean sampled() {
        return !nextDue.equals(Instant.MAX);
    }

    // --- housekeeping ---------------------------------------------------------------------------------

    /**
     * Claims the container for one housekeeping run when it is due and not already queued or running.
     * The claimer must call {@link #release()} when done (or when it could not queue the run).
     */
    boolean claimIfDue(Instant now) {
        return !nextDue.isAfter(now) && inFlight.compareAndSet(false, true);
    }

    void release() {
        inFlight.set(false);
    }

    /** Queued or running on the housekeeping executor. */
    boolean inFlight() {
        return inFlight.get();
    }

    /** When the driver next samples it; {@link Instant#MAX} for never. */
    Instant nextDue() {
        return nextDue;
    }

    void lockSampling() {
        sampling.lock();
    }

    /** @return false when the lock was not had within the wait */
    boolean tryLockSampling(long waitNanos) throws InterruptedException {
        return sampling.tryLock(waitNanos, TimeUnit.NANOSECONDS);
    }

    void unlockSampling() {
        sampling.unlock();
    }

    /**
     * Schedules the next sample from the newest ones (the dynamic interval doubles while they repeat).
     * Caller holds the sampling lock.
     */
    void scheduleNext(Instant now, List<ContainerStats> newest) {
        nextDue = now.plus(schedule.nextDelay(newest));
    }

    /** Whether a sampling failure at {@code now} is logged: at most once a minute. Caller holds the sampling lock. */
    boolean errorLogDue(Instant now) {
        if (lastErrorLog == null || !now.isBefore(lastErrorLog.plus(ERROR_LOG_INTERVAL))) {
            lastErrorLog = now;
            return true;
        }
        return false;
    }

    // --- derived stats ----------------------------------------------------------------------------------

    /**
     * Feeds the derived stats. A partial sample missing a section the spec promises is skipped: a cpu
     * total of 0 between two real ones would read as a counter reset and then as a huge rate. Caller
     * holds the sampling lock.
     */
    void feedSummary(ContainerStats stats) {
        if (summary == null) {
            return;
        }
        boolean hasCpu = stats.cpu() != null && stats.cpu().usage() != null;
        boolean hasMemory = stats.memory() != null;
        if ((summary.hasCpu() && !hasCpu) || (summary.hasMemory() && !hasMemory)) {
            return;
        }
        summary.add(stats.timestamp(), hasCpu ? stats.cpu().usage().total() : 0,
                hasMemory ? stats.memory().workingSet() : 0);
    }

    /** Usage percentiles; empty when the container tracks neither cpu nor memory. */
    Optional<DerivedStats> derived() {
        return summary == null ? Optional.empty() : Optional.of(summary.derived());
    }

    // --- spec -------------------------------------------------------------------------------------------

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
                Log.debugf(e, "Reading the spec of %s", name);
                specReadAt = now;
            }
        }
        return spec;
    }
}
