package io.jcadvisor.manager;

import io.quarkus.logging.Log;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * The one timer thread of per-container housekeeping ({@code housekeeping-tick}; docs/architecture.md,
 * "Housekeeping"). It runs a pass (the manager's {@link ContainerManager#housekeepingTick(Duration)}: hand
 * every container due within half the slack from now to the workers, answer when the next one is due),
 * then sleeps until the slot of that time: the multiple of the slack ({@code cadvisor.housekeeping.timer-slack},
 * epoch based) nearest to it, and at most {@link #MAX_SLEEP}. Anything that makes something due sooner than
 * the planned wake-up (a sample that finished and set its container's next due time, a name waiting for its
 * runtime) calls {@link #dueAt}, which wakes it early; a due time already reached (a new container) wakes it at
 * once, off the grid. A removed container needs no call: it can only make the next due time later, and the
 * planned pass finds nothing to do.
 *
 * <p>Why the slots: with 50 containers about 12-25 samples a second are due, 1-2 s apart each (1 s plus up to
 * 1 s of jitter). Waking at each exact due time would wake more often than the old fixed 100 ms tick, and so
 * would hand each sample to a worker on its own. With 500 ms slots the driver wakes at most twice a second
 * and hands a batch each time; each container is sampled within a quarter second of its due time, early as
 * often as late, so the number of samples stays upstream's (bench/README.md, "One timer thread").
 *
 * <p>Why the bound: each pass records {@link ContainerManager#lastTick()}, which {@code /q/health/live}
 * requires to be recent (10 s). Waking at least every {@link #MAX_SLEEP} keeps a live driver well inside
 * that, so a stalled pass or a dead thread still fails the probe, at the cost of at most one empty pass
 * every 2 s on a host where nothing is due sooner.
 *
 * <p>Time: due times come from the manager's {@link Clock} (as {@link ContainerData} keeps them); the sleep
 * is their distance from that clock's now, slept with {@link LockSupport#parkNanos}.
 */
public final class HousekeepingDriver {

    /** Longest sleep between two passes, so liveness sees the driver alive when nothing is due. */
    public static final Duration MAX_SLEEP = Duration.ofSeconds(2);

    private final Function<Duration, Instant> pass;
    private final Clock clock;
    private final long slackNanos;
    /** Half the slack: how far ahead a pass takes due containers. */
    private final Duration ahead;
    private final long aheadNanos;
    private final long maxSleepNanos;
    /**
     * The wake-up the thread sleeps towards (epoch nanoseconds of the manager's clock); {@link Long#MAX_VALUE}
     * while a pass runs, so that a {@link #dueAt} during the pass always leaves a wake-up permit.
     */
    private volatile long plannedNanos = Long.MAX_VALUE;
    /**
     * The earliest wake-up {@link #dueAt} asked for since the current pass began (the slot of the due time, or the
     * time of the report when it was already due; epoch nanoseconds). The sleep re-reads it after every return from
     * {@code park}, so a report is never lost: neither one during the pass (the pass may have read the container
     * before it changed) nor one between the pass and the park.
     */
    private final AtomicLong reportedNanos = new AtomicLong(Long.MAX_VALUE);
    private volatile boolean running;
    private volatile Thread thread;

    /**
     * @param pass  one pass: given how far ahead to take due containers, hands them out and returns when the
     *              next container is due ({@link Instant#MAX}: nothing scheduled)
     * @param slack the slot length ({@code cadvisor.housekeeping.timer-slack}), positive, at most {@link #MAX_SLEEP}
     */
    public HousekeepingDriver(Function<Duration, Instant> pass, Clock clock, Duration slack) {
        this(pass, clock, slack, MAX_SLEEP);
    }

    /** For tests: another bound. */
    HousekeepingDriver(Function<Duration, Instant> pass, Clock clock, Duration slack, Duration maxSleep) {
        // a precondition: the user's setting was checked where it was read (Housekeeping.slack)
        if (slack.isNegative() || slack.isZero() || maxSleep.compareTo(slack) < 0) {
            throw new IllegalArgumentException("slack must be positive and at most " + maxSleep + ": " + slack);
        }
        this.pass = pass;
        this.clock = clock;
        this.slackNanos = slack.toNanos();
        this.ahead = slack.dividedBy(2);
        this.aheadNanos = ahead.toNanos();
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
     * Something is due at {@code at} (the manager's clock): the thread passes in that time's slot, or at once
     * when it has come; woken now when that is before its planned wake-up (a due time in the slot already
     * planned costs nothing). Cheap and safe from any thread; the caller makes its change visible before calling.
     */
    public void dueAt(Instant at) {
        long due = epochNanos(at);
        long now = epochNanos(clock.instant());
        long rounded = due <= now ? now : slotOf(due);
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
                next = pass.apply(ahead);
            } catch (RuntimeException e) {
                // one failed pass must not end the driver; the next one is at most MAX_SLEEP away
                Log.errorf(e, "Housekeeping tick failed");
                next = Instant.MAX;
            }
            long now = epochNanos(clock.instant());
            // a due time the pass left behind (the clock moved on during it) is taken in the next slot, never at
            // once: no busy loop
            long wake = Math.min(Math.max(slotOf(epochNanos(next)), roundUp(now + 1)), now + maxSleepNanos);
            plannedNanos = wake;
            // the bound also in the monotonic clock: a wall clock set back must not stretch the sleep
            long latest = System.nanoTime() + maxSleepNanos;
            while (running) {
                long sleep = Math.min(Math.min(wake, reportedNanos.get()) - epochNanos(clock.instant()),
                        latest - System.nanoTime());
                if (sleep <= 0) {
                    break;
                }
                // returns early on dueAt's unpark, on stop(), or spuriously: the loop re-reads what to wait for
                LockSupport.parkNanos(this, sleep);
            }
        }
    }

    /** The slot a due time is taken in: the first multiple of the slack from which it is within {@link #ahead}. */
    private long slotOf(long dueNanos) {
        return dueNanos == Long.MAX_VALUE ? Long.MAX_VALUE : roundUp(dueNanos - aheadNanos);
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
