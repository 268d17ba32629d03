package io.jcadvisor.manager;

import io.jcadvisor.config.CadvisorConfig;
import io.jcadvisor.container.PendingLimits;
import io.quarkus.runtime.configuration.ConfigurationException;

import java.time.Duration;

/**
 * The housekeeping options the manager uses, taken from {@link CadvisorConfig} once, so plain tests can
 * build a manager without a config tree.
 *
 * @param interval             base interval per container ({@code cadvisor.housekeeping.interval})
 * @param maxInterval          cap of the dynamic interval ({@code cadvisor.housekeeping.max-interval})
 * @param allowDynamic         double while samples repeat ({@code cadvisor.housekeeping.allow-dynamic})
 * @param initialSplayFactor   jitter of the first delay; negative means 1.0
 * @param jitterFactor         jitter of later delays; negative means 1.0, 0 none
 * @param workers              threads that take samples
 * @param watch                watch cgroup directories between global walks
 * @param disableRootStats     keep {@code /} without stats ({@code cadvisor.containers.disable-root-cgroup-stats})
 * @param pending              how long and how many names may wait for a runtime still starting their
 *                             container ({@code cadvisor.containers.pending-timeout}, {@code max-pending})
 */
public record HousekeepingSettings(Duration interval, Duration maxInterval, boolean allowDynamic,
        double initialSplayFactor, double jitterFactor, int workers, boolean watch, boolean disableRootStats,
        PendingLimits pending) {

    /** With the default pending limits. */
    public HousekeepingSettings(Duration interval, Duration maxInterval, boolean allowDynamic,
            double initialSplayFactor, double jitterFactor, int workers, boolean watch, boolean disableRootStats) {
        this(interval, maxInterval, allowDynamic, initialSplayFactor, jitterFactor, workers, watch, disableRootStats,
                PendingLimits.DEFAULTS);
    }

    public HousekeepingSettings {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("cadvisor.housekeeping.interval must be positive: " + interval);
        }
        if (maxInterval.compareTo(interval) < 0) {
            // upstream does not check; a max below the base would make the doubling rule shrink it
            maxInterval = interval;
        }
        if (workers < 1) {
            throw new IllegalArgumentException("cadvisor.housekeeping.workers must be at least 1: " + workers);
        }
    }

    /**
     * @throws ConfigurationException for a value the constructor refuses: Quarkus prints its message as
     *                                one line and stops start-up, instead of a stack trace
     */
    public static HousekeepingSettings from(CadvisorConfig config) {
        CadvisorConfig.Housekeeping h = config.housekeeping();
        try {
            return new HousekeepingSettings(h.interval(), h.maxInterval(), h.allowDynamic(), h.initialSplayFactor(),
                    h.jitterFactor(), h.workers(), h.watch(), config.containers().disableRootCgroupStats(),
                    PendingLimits.from(config));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage());
        }
    }

    /** Upstream's defaults, 2 workers, watching on. */
    public static HousekeepingSettings defaults() {
        return new HousekeepingSettings(Duration.ofSeconds(1), Duration.ofSeconds(60), true, 1.0, 1.0, 2, true, false);
    }

    public HousekeepingSettings withPending(PendingLimits limits) {
        return new HousekeepingSettings(interval, maxInterval, allowDynamic, initialSplayFactor, jitterFactor, workers,
                watch, disableRootStats, limits);
    }

    public HousekeepingSettings withWatch(boolean on) {
        return new HousekeepingSettings(interval, maxInterval, allowDynamic, initialSplayFactor, jitterFactor, workers,
                on, disableRootStats, pending);
    }

    public HousekeepingSettings withAllowDynamic(boolean on) {
        return new HousekeepingSettings(interval, maxInterval, on, initialSplayFactor, jitterFactor, workers, watch,
                disableRootStats, pending);
    }

    public HousekeepingSettings withDisableRootStats(boolean on) {
        return new HousekeepingSettings(interval, maxInterval, allowDynamic, initialSplayFactor, jitterFactor, workers,
                watch, on, pending);
    }

    public HousekeepingSettings withJitter(double initialSplay, double jitter) {
        return new HousekeepingSettings(interval, maxInterval, allowDynamic, initialSplay, jitter, workers, watch,
                disableRootStats, pending);
    }
}
