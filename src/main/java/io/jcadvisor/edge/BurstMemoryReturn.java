package io.jcadvisor.edge;

import io.jcadvisor.config.CadvisorConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.time.Duration;

/**
 * Gives back the heap a burst of heavy requests ({@link HeavyRequestLimit}) grew, once the agent has
 * been quiet for {@code cadvisor.limits.memory-return-quiet} and the samples the burst served have left
 * the history ({@code cadvisor.storage.duration}): one {@link System#gc()}, only when the committed heap
 * has grown by at least {@code cadvisor.limits.memory-return-min-growth} bytes since the last check
 * before the burst, and only once per burst.
 *
 * <p>Why: the serial collector the agent ships with ({@code bin/run}, {@code Dockerfile.jvm}) grows the
 * heap during a burst and shrinks it only at a full collection, to at most
 * {@code -XX:MaxHeapFreeRatio} free ({@code -XX:-ShrinkHeapInSteps}: all of it at once, not a tenth at
 * the second collection). After a burst the agent allocates little, so no full collection comes by
 * itself, and the pod would keep the burst's heap resident for hours (bench/README.md, "Memory after a
 * burst"). The test is the heap's growth, not its free space: right after a burst the heap is full of
 * the burst's garbage, which the JVM reports as used until a collection, so a free-space test would
 * skip exactly the bursts that left the most. The wait for the history: an answer keeps each sample's
 * JSON with the sample ({@code SampleJsonMemo}), so until those samples age out the burst's JSON is live
 * data, and a collection then would size the heap for it (measured: 4 MiB of it at 58 containers, which
 * the heap's free-ratio sizing turned into 7 MiB of committed heap). The check runs on a worker thread
 * every quiet period; it reads two counters and the heap usage, so it costs nothing measurable when
 * idle.
 */
@ApplicationScoped
public class BurstMemoryReturn {

    private final HeavyRequestLimit heavy;
    private final Duration quiet;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final Decision decision;

    public BurstMemoryReturn(CadvisorConfig config, HeavyRequestLimit heavy) {
        this.heavy = heavy;
        this.quiet = config.limits().memoryReturnQuiet();
        if (quiet.isNegative()) {
            throw new IllegalArgumentException("cadvisor.limits.memory-return-quiet must not be negative: " + quiet);
        }
        this.decision = new Decision(config.limits().memoryReturnMinGrowth(),
                quietChecksNeeded(quiet, config.storage().duration()));
    }

    /**
     * Checks in a row without a heavy request before the collection: enough for {@code quiet}, and for
     * {@code history} (the samples' maximum age) to have passed since the burst; at least one.
     */
    static int quietChecksNeeded(Duration quiet, Duration history) {
        if (quiet.isZero()) {
            return 1;
        }
        long periods = (history.toMillis() + quiet.toMillis() - 1) / quiet.toMillis();
        return (int) Math.max(1, Math.min(periods, Integer.MAX_VALUE));
    }

    void start(@Observes StartupEvent started, Vertx vertx) {
        if (quiet.isZero()) {
            return;
        }
        vertx.setPeriodic(quiet.toMillis(), id -> vertx.executeBlocking(() -> {
            check();
            return null;
        }, false));
    }

    void check() {
        MemoryUsage before = memory.getHeapMemoryUsage();
        if (!decision.collectNow(heavy.arrivals(), heavy.inUse(), before.getCommitted())) {
            return;
        }
        System.gc();
        MemoryUsage after = memory.getHeapMemoryUsage();
        Log.infof("heap after a burst of heavy requests given back: %d MiB committed (%d used) -> %d MiB (%d used),"
                + " after %d checks %s apart without one (cadvisor.limits.memory-return-quiet)",
                before.getCommitted() >> 20, before.getUsed() >> 20, after.getCommitted() >> 20, after.getUsed() >> 20,
                decision.quietChecksNeeded, quiet);
    }

    /**
     * When to collect, from what one check sees (kept apart from the JVM so it can be tested): heavy
     * requests arrived since the last check, or one still in flight, mean a burst is on (or starting);
     * the committed heap a check saw with none, and no burst waiting, is the resting size. After a
     * burst, the {@code quietChecksNeeded}-th check in a row with none arrived and none in flight
     * collects if the committed heap has grown by {@code minGrowth} over the resting size. After that,
     * nothing more happens until the next burst.
     */
    static final class Decision {
        private final long minGrowth;
        private final int quietChecksNeeded;
        private long arrivalsSeen;
        private boolean burstSinceReturn;
        private int quietChecks;
        /** Committed heap, bytes, at the last check with no burst on or waiting; {@code -1} before the first. */
        private long restingCommitted = -1;

        Decision(long minGrowth, int quietChecksNeeded) {
            if (minGrowth < 0) {
                throw new IllegalArgumentException(
                        "cadvisor.limits.memory-return-min-growth must not be negative: " + minGrowth);
            }
            this.minGrowth = minGrowth;
            this.quietChecksNeeded = Math.max(1, quietChecksNeeded);
        }

        boolean collectNow(long arrivals, int inUse, long committed) {
            if (arrivals != arrivalsSeen || inUse > 0) {
                arrivalsSeen = arrivals;
                burstSinceReturn = true;
                quietChecks = 0;
                return false;
            }
            if (!burstSinceReturn) {
                restingCommitted = committed;
                return false;
            }
            if (++quietChecks < quietChecksNeeded) {
                return false;
            }
            burstSinceReturn = false;
            // a burst before any resting check (right after start) has no size to compare with: collect
            return restingCommitted < 0 || committed - restingCommitted >= minGrowth;
        }
    }
}
