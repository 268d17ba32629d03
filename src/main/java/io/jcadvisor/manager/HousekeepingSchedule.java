package io.jcadvisor.manager;

import io.jcadvisor.info.v1.ContainerStats;

import java.time.Duration;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * One container's housekeeping cadence, exactly upstream's rule ({@code docs/data-sources.md} §9.1). Not
 * thread-safe: only the thread sampling the container uses it.
 *
 * <ol>
 *   <li>Dynamic interval: with two cached samples that are equal apart from their timestamps
 *       ({@link ContainerStats#sameValuesAs}) and an interval below the max, double it (capped at the
 *       max); in every other case reset it to the base. So an idle container cycles 1 → 2 → … → 60 → 1 s,
 *       as upstream does. Fewer than two samples change nothing.</li>
 *   <li>Jitter: {@code delay = interval + U[0,1)·factor·interval}; the first delay uses the initial
 *       splay factor, later ones the jitter factor; a negative factor means 1.0.</li>
 * </ol>
 */
public final class HousekeepingSchedule {

    private final HousekeepingSettings settings;
    private final RandomGenerator random;
    private Duration interval;
    private boolean first = true;

    public HousekeepingSchedule(HousekeepingSettings settings, RandomGenerator random) {
        this.settings = settings;
        this.random = random;
        this.interval = settings.interval();
    }

    /** The current (un-jittered) interval. */
    public Duration interval() {
        return interval;
    }

    /**
     * The delay until the next sample, after a collection.
     *
     * @param newest the two newest cached samples, oldest first (fewer when the cache has fewer)
     */
    public Duration nextDelay(List<ContainerStats> newest) {
        if (settings.allowDynamic() && newest.size() >= 2) {
            ContainerStats older = newest.get(newest.size() - 2);
            ContainerStats newer = newest.get(newest.size() - 1);
            if (newer.sameValuesAs(older) && interval.compareTo(settings.maxInterval()) < 0) {
                // plus, not multipliedBy(2), which goes through BigDecimal (every sample of an idle container)
                Duration doubled = interval.plus(interval);
                interval = doubled.compareTo(settings.maxInterval()) > 0 ? settings.maxInterval() : doubled;
            } else {
                interval = settings.interval();
            }
        }
        double factor = first ? settings.initialSplayFactor() : settings.jitterFactor();
        first = false;
        return jitter(interval, factor, random);
    }

    /** {@code d + U[0,1)·factor·d}; negative factor = 1.0, 0 = no jitter. */
    static Duration jitter(Duration d, double factor, RandomGenerator random) {
        if (factor < 0) {
            factor = 1.0;
        }
        if (factor == 0) {
            return d;
        }
        long extra = (long) (random.nextDouble() * factor * d.toNanos());
        return d.plusNanos(extra);
    }
}
