package io.jcadvisor.manager;

import io.jcadvisor.cache.StatsCache;
import io.jcadvisor.cgroup.ContainerGoneException;
import io.jcadvisor.info.v1.ContainerStats;
import io.jcadvisor.storage.Sample;
import io.jcadvisor.storage.StorageDriver;
import io.quarkus.logging.Log;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * The manager's sampling job (docs/architecture.md, "Housekeeping"): each pass of the {@link HousekeepingDriver}
 * hands every container that is due to the housekeeping workers; a worker reads the handler's stats, adds the
 * collectors' sections, and puts the sample in the {@link StatsCache}, the storage driver and the derived-stats
 * summary. {@code /metrics?max_age=} samples on demand through the same path.
 */
final class ContainerSampler {

    /** Longest a query waits for on-demand samples in total. */
    static final Duration REFRESH_WAIT = Duration.ofSeconds(5);

    private final ContainerIndex containers;
    private final StatsCache cache;
    private final Collectors collectors;
    private final StorageDriver storage;
    private final HousekeepingSettings settings;
    private final Clock clock;
    private final Executor workers;
    private final Consumer<Instant> due;

    /**
     * @param storage where each cached sample is also exported ({@code -storage_driver}); never blocks
     * @param due     told each container's next due time once its sample is done (the driver's wake-up)
     */
    ContainerSampler(ContainerIndex containers, StatsCache cache, Collectors collectors, StorageDriver storage,
            HousekeepingSettings settings, Clock clock, Executor workers, Consumer<Instant> due) {
        this.containers = containers;
        this.cache = cache;
        this.collectors = collectors;
        this.storage = storage;
        this.settings = settings;
        this.clock = clock;
        this.workers = workers;
        this.due = due;
    }

    /**
     * Hands every container due by {@code horizon} to the workers, at most once each.
     *
     * @return when the next container is due ({@link Instant#MAX}: none is); one still queued or being sampled
     *         is not counted: its worker reports its next due time to {@code due} when done
     */
    Instant tick(Instant horizon) {
        Instant next = Instant.MAX;
        for (ContainerData data : containers.all()) {
            if (data.claimIfDue(horizon)) {
                try {
                    workers.execute(() -> housekeep(data));
                } catch (RejectedExecutionException e) {
                    // shutting down
                    data.release();
                    continue;
                }
            }
            if (!data.inFlight()) {
                // not due, or already sampled (a worker that was quick, or a caller's own thread in tests)
                Instant due = data.nextDue();
                if (due.isBefore(next)) {
                    next = due;
                }
            }
        }
        return next;
    }

    private void housekeep(ContainerData data) {
        data.lockSampling();
        try {
            if (data.removed()) {
                return;
            }
            collect(data);
            data.scheduleNext(clock.instant(), cache.newest(data.name(), 2));
        } finally {
            data.unlockSampling();
            data.release();
        }
        // after release(): a pass that skipped it as in flight learns its next due time here. Not after an
        // Error (no new due time): the next pass finds it due again, as it would any container.
        due.accept(data.nextDue());
    }

    /**
     * Takes a fresh sample now of each named container whose newest sample is older than {@code maxAge},
     * waiting at most {@link #REFRESH_WAIT} in all for containers being sampled already.
     */
    void refreshOlderThan(Collection<String> names, Duration maxAge) {
        Instant deadline = clock.instant().plus(REFRESH_WAIT);
        long deadlineNanos = System.nanoTime() + REFRESH_WAIT.toNanos();
        for (String name : new LinkedHashSet<>(names)) {
            ContainerData data = containers.get(ContainerIndex.normalize(name));
            if (data == null || !data.sampled()) {
                continue;
            }
            long waitNanos = deadlineNanos - System.nanoTime();
            try {
                if (waitNanos <= 0 || !data.tryLockSampling(waitNanos)) {
                    Log.debugf("On-demand housekeeping gave up at %s (deadline %s)", name, deadline);
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                ContainerStats latest = cache.latest(data.name());
                Instant cutoff = clock.instant().minus(maxAge);
                if (!data.removed() && (latest == null || latest.timestamp().isBefore(cutoff))) {
                    collect(data);
                }
            } finally {
                data.unlockSampling();
            }
        }
    }

    /** Takes one sample into the cache, the storage driver and the summary. Caller holds the sampling lock. */
    private void collect(ContainerData data) {
        long started = System.nanoTime();
        ContainerStats stats;
        try {
            stats = data.handler().stats();
        } catch (ContainerGoneException e) {
            // the cgroup is going away; the watch or the walk removes it, its sample is simply lost
            return;
        } catch (RuntimeException e) {
            if (data.errorLogDue(clock.instant())) {
                Log.warnf(e, "Sampling %s failed (logged at most once a minute)", data.name());
            }
            return;
        }
        if (stats == null || stats.timestamp() == null) {
            return;
        }
        stats = collectors.collect(data.handler(), stats);
        cache.add(data.name(), stats);
        if (storage != StorageDriver.NONE) {
            // labels() builds a map for some runtimes: only paid for when a driver is configured
            storage.add(new Sample(data.handler().reference(), data.handler().labels(), stats));
        }
        if (data.removed() && !containers.contains(data.name())) {
            // removed while we were reading: do not resurrect its buffer
            cache.remove(data.name());
            return;
        }
        data.feedSummary(stats);
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        if (tookMs > Math.min(100, settings.interval().toMillis() / 2)) {
            Log.debugf("Housekeeping %s took %d ms", data.name(), tookMs);
        }
    }
}
