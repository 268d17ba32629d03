package io.jcadvisor.manager;

import io.quarkus.logging.Log;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The one timer thread of per-container housekeeping ({@code housekeeping-tick}; docs/architecture.md,
 * "Housekeeping"). It runs a pass ({@link ContainerManager#housekeepingTick()}: hand every due container to
 * the workers, answer when the next one is due), then sleeps until that time, rounded up to the next
 * multiple of {@link #SLACK}, and at most {@link #MAX_SLEEP}. Anything that makes something due sooner
 * than the planned wake-up (a new container, a sample that finished and set its container's next due
 * time, a name waiting for its runtime) calls {@link #dueAt}, which wakes it early. A removed container
 * needs no call: it can only make the next due time later, and the planned pass finds nothing to do.
 *
 * <p>Why the rounding: with 50 containers about 25 samples a second are due, 1-2 s apart each
 * (1 s plus up to 1 s of jitter). Waking at each exact due time would wake more often than the old
 * fixed 100 ms tick; rounding up to the 100 ms grid takes every container due in the same 100 ms in one
 * pass, and no container is sampled later than with the old tick (at most {@link #SLACK} after its due
 * time), while a 100 ms slot with nothing due costs no wake-up.
 *
 * <p>Why the bound: each pass records {@link ContainerManager#lastTick()}, which
 * {@code /q/health/live} requires to be recent (10 s). Waking at least every {@link #MAX_SLEEP} keeps a
 * live driver well inside that, so a stalled pass or a dead thread still fails the probe, at the cost of
 * at most one empty pass every 2 s on a host where nothing is due sooner.
 *
 * <p>Time: due times come from the manager's {@link Clock} (as {@link ContainerData} keeps them); the sleep
 * is their distance from that clock's now, slept with {@link LockSupport#parkNanos}.
 */
public final class HousekeepingDriver {

    /** Due times are rounded up to a multiple of this (epoch based): containers due within it share a pass. */
    public static final Duration SLACK = Duration.ofMillis(100);
    /** Longest sleep between two passes, so liveness sees the driver alive when nothing is due. */
    public static final Duration MAX_SLEEP = Duration.ofSeconds(2);

    private final Supplier<Instant> pass;
    private final Clock clock;
    private final long slackNanos;
    private final long maxSleepNanos;
    /**
     * The wake-up the thread sleeps towards (epoch nanoseconds, a multiple of the slack); {@link Long#MAX_VALUE}
     * while a pass runs, so that a {@link #dueAt} during the pass always leaves a wake-up permit.
     */
    private volatile long plannedNanos = Long.MAX_VALUE;
    /**
     * The earliest due time {@link #dueAt} reported since the current pass began (rounded up, epoch
     * nanoseconds). The sleep re-reads it after every return from {@code park}, so a report is never lost:
     * neither one during the pass (the pass may have read the container before it changed) nor one
     * between the pass and the park.
     */
    private final AtomicLong reportedNanos = new AtomicLong(Long.MAX_VALUE);
    private volatile boolean running;
    private volatile Thread thread;

    /**
     * @param pass one pass: hands out what is due, returns when the next container is due
     *             ({@link Instant#MAX}: nothing scheduled)
     */
    public HousekeepingDriver(Supplier<Instant> pass, Clock clock) {
        this(pass, clock, SLACK, MAX_SLEEP);
    }

    /** For tests: other rounding and bound. */
    HousekeepingDriver(Supplier<Instant> pass, Clock clock, Duration slack, Duration maxSleep) {
        if (slack.isNegative() || slack.isZero() || maxSleep.compareTo(slack) < 0) {
            throw new IllegalArgumentException("slack must be positive and at most maxSleep: " + slack + ", "
                    + maxSleep);
        }
        this.pass = pass;
        this.clock = clock;
        this.slackNanos = slack.toNanos();
        this.maxSleepNanos = maxSleep.toNanos();
    }

    /** Starts the thread; its first pass runs at once. */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        Thread t = new Thread(this::run, "housekeeping-tick");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /** Stops the thread and waits up to a second for a pass in progress to end. */
    public synchronized void stop() {
        running = false;
        Thread t = thread;
        if (t == null) {
            return;
        }
        thread = null;
        LockSupport.unpark(t);
        try {
            t.join(TimeUnit.SECONDS.toMillis(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Something is due at {@code at} (the manager's clock): the thread passes by then, woken now when that
     * is before its planned wake-up after rounding (a due time in the slot already planned costs nothing).
     * Cheap and safe from any thread; the caller makes its change visible before calling.
     */
    public void dueAt(Instant at) {
        long rounded = roundUp(epochNanos(at));
        reportedNanos.accumulateAndGet(rounded, Math::min);
        Thread t = thread;
        if (t != null && rounded < plannedNanos) {
            LockSupport.unpark(t);
        }
    }

    private void run() {
        while (running) {
            plannedNanos = Long.MAX_VALUE;
            reportedNanos.set(Long.MAX_VALUE);
            Instant next;
            try {
                next = pass.get();
            } catch (RuntimeException e) {
                // one failed pass must not end the driver; the next one is at most MAX_SLEEP away
                Log.errorf(e, "Housekeeping tick failed");
                next = Instant.MAX;
            }
            long now = epochNanos(clock.instant());
            // a due time the pass left in the past (the clock moved on during it) is taken in the next slot:
            // never a busy loop
            long wake = Math.min(roundUp(Math.max(epochNanos(next), now + 1)), now + maxSleepNanos);
            plannedNanos = wake;
            while (running) {
                long sleep = Math.min(wake, reportedNanos.get()) - epochNanos(clock.instant());
                if (sleep <= 0) {
                    break;
                }
                // returns early on dueAt's unpark, on stop(), or spuriously: the loop re-reads what to wait for
                LockSupport.parkNanos(this, sleep);
            }
        }
    }

    private long roundUp(long epochNanos) {
        if (epochNanos >= Long.MAX_VALUE - slackNanos) {
            return Long.MAX_VALUE;
        }
        long r = Math.floorMod(epochNanos, slackNanos);
        return r == 0 ? epochNanos : epochNanos - r + slackNanos;
    }

    /** Epoch nanoseconds, saturated ({@link Instant#MAX} is far beyond a long). */
    private static long epochNanos(Instant at) {
        if (at.getEpochSecond() >= Long.MAX_VALUE / 1_000_000_000L - 1) {
            return Long.MAX_VALUE;
        }
        if (at.getEpochSecond() <= Long.MIN_VALUE / 1_000_000_000L + 1) {
            return Long.MIN_VALUE;
        }
        return at.getEpochSecond() * 1_000_000_000L + at.getNano();
    }
}
