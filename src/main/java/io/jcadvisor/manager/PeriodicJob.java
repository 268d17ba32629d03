package io.jcadvisor.manager;

import io.quarkus.logging.Log;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A job run every period, the first time one period after {@link #every start}, on a worker thread: the
 * agent's few slow periodic jobs (the global walk, the machine info refresh, the TLS files check).
 *
 * <p>The timer is a Vert.x timer, kept by an event loop the HTTP server runs anyway, so no thread of its own
 * waits for it: the Quarkus scheduler these jobs ran on before had one that woke every second to look for
 * due triggers (bench/README.md, "Periodic jobs without the Quarkus scheduler"). When the timer fires, the
 * job is handed to Vert.x' worker pool (Quarkus' executor threads, where the scheduler ran them too) and
 * never run on the event loop, which must not block. A run still going when the next one is due makes that
 * one skipped (two runs of one job never overlap), and a run that fails is logged and the next one comes as
 * planned.
 */
public final class PeriodicJob {

    private final String name;
    private final Runnable job;
    private final Executor workers;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile Runnable cancel = () -> { };

    /**
     * @param name    for the log
     * @param workers where each run goes; a run it rejects (a pool shut down) is skipped
     */
    PeriodicJob(String name, Runnable job, Executor workers) {
        this.name = name;
        this.job = job;
        this.workers = workers;
    }

    /**
     * Starts {@code job} on a Vert.x timer: first one {@code period} from now, then every {@code period}.
     *
     * @param period positive ({@link #checkPeriod}); Vert.x timers count whole milliseconds, so a shorter one
     *               is taken as one millisecond
     * @param name   for the log
     */
    public static PeriodicJob every(Vertx vertx, Duration period, String name, Runnable job) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException(name + ": the period must be positive: " + period);
        }
        long millis = Math.max(1, period.toMillis());
        PeriodicJob periodic = new PeriodicJob(name, job,
                task -> vertx.executeBlocking(() -> {
                    task.run();
                    return null;
                }, false));
        long timer = vertx.setPeriodic(millis, millis, id -> periodic.due());
        periodic.cancel = () -> vertx.cancelTimer(timer);
        return periodic;
    }

    /**
     * The period a config key sets, checked at start-up.
     *
     * @throws ConfigurationException naming the key, for a period that is not positive (the Quarkus scheduler
     *                                these jobs ran on before took a negative one as positive and ran a zero
     *                                one every second)
     */
    public static Duration checkPeriod(String key, Duration period) {
        if (period.isNegative() || period.isZero()) {
            throw new ConfigurationException(key + " must be positive: " + period);
        }
        return period;
    }

    /** Ends the timer; a run under way finishes. */
    public void stop() {
        cancel.run();
    }

    /** One firing of the timer: hands a run to the workers unless the previous one is still going. */
    void due() {
        if (!running.compareAndSet(false, true)) {
            Log.debugf("%s: the previous run is still going, this one is skipped", name);
            return;
        }
        try {
            workers.execute(this::run);
        } catch (RejectedExecutionException e) {
            running.set(false);
            Log.debugf("%s: no worker takes the run (shutting down?): %s", name, e.getMessage());
        }
    }

    private void run() {
        try {
            job.run();
        } catch (RuntimeException e) {
            Log.errorf(e, "%s failed; it runs again in one period", name);
        } finally {
            running.set(false);
        }
    }
}
