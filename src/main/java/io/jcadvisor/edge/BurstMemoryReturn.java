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
 * been quiet for {@code cadvisor.limits.memory-return-quiet}: one {@link System#gc()}, only when at
 * least {@code cadvisor.limits.memory-return-min-free} bytes of the committed heap are free, and only
 * once per burst.
 *
 * <p>Why: the serial collector the agent ships with ({@code bin/run}, {@code Dockerfile.jvm}) grows the
 * heap during a burst and shrinks it only at a full collection, to at most
 * {@code -XX:MaxHeapFreeRatio} free ({@code -XX:-ShrinkHeapInSteps}: all of it at once, not a tenth at
 * the second collection). After a burst the agent allocates little, so no full collection comes by
 * itself, and the pod would keep the burst's heap resident for hours (bench/README.md, "Memory after a
 * burst"). The check runs on a worker thread every quiet period; it reads two counters and the heap
 * usage, so it costs nothing measurable when idle.
 */
@ApplicationScoped
public class BurstMemoryReturn {

    private final HeavyRequestLimit heavy;
    private final Duration quiet;
    private final long minFree;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final Decision decision;

    public BurstMemoryReturn(CadvisorConfig config, HeavyRequestLimit heavy) {
        this.heavy = heavy;
        this.quiet = config.limits().memoryReturnQuiet();
        this.minFree = config.limits().memoryReturnMinFree();
        this.decision = new Decision(minFree);
        if (quiet.isNegative()) {
            throw new IllegalArgumentException("cadvisor.limits.memory-return-quiet must not be negative: " + quiet);
        }
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
        if (!decision.collectNow(heavy.arrivals(), heavy.inUse(), before.getCommitted(), before.getUsed())) {
            return;
        }
        System.gc();
        MemoryUsage after = memory.getHeapMemoryUsage();
        Log.infof("heap after a burst of heavy requests given back: %d MiB committed (%d used) -> %d MiB (%d used),"
                + " after %s without one (cadvisor.limits.memory-return-quiet)", before.getCommitted() >> 20,
                before.getUsed() >> 20, after.getCommitted() >> 20, after.getUsed() >> 20, quiet);
    }

    /**
     * When to collect, from what one check sees (kept apart from the JVM so it can be tested): heavy
     * requests arrived since the last check mean a burst is on (or starting), and the next check with
     * none arrived and none in flight, a whole quiet period later, collects if enough heap is free.
     * After a collection, nothing more happens until the next burst.
     */
    static final class Decision {
        private final long minFree;
        private long arrivalsSeen;
        private boolean burstSinceReturn;

        Decision(long minFree) {
            this.minFree = minFree;
        }

        boolean collectNow(long arrivals, int inUse, long committed, long used) {
            if (arrivals != arrivalsSeen || inUse > 0) {
                arrivalsSeen = arrivals;
                burstSinceReturn = true;
                return false;
            }
            if (!burstSinceReturn || committed - used < minFree) {
                return false;
            }
            burstSinceReturn = false;
            return true;
        }
    }
}
