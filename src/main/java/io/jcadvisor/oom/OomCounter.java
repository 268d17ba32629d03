package io.jcadvisor.oom;

import io.jcadvisor.config.EnabledMetrics;
import io.jcadvisor.config.MetricKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * OOM kills per container name seen in the kernel log (upstream's per-container OOM counter behind
 * {@code container_oom_events_total}), keyed by the exact cgroup name the kernel printed
 * ({@code task_memcg}). {@link OomEventsCollector} attaches {@link #count} to every stored sample.
 *
 * <p>Bounded: {@link OomEventsCollector} {@link #forget forgets} a container's count when it is removed,
 * and names that never become containers (kills in cgroups gone before start-up, still in the ring
 * buffer) are capped at {@link #MAX_NAMES}: past it, the name counted longest ago is dropped.
 *
 * <p>{@link #count} is empty, so the cgroup's own {@code oom_kill} counter stays in the sample, while
 * the kernel log is not being read ({@code /dev/kmsg} could not be opened) or when the {@code oom_event}
 * metric group is off.
 */
@ApplicationScoped
public class OomCounter {

    /** Upper bound on tracked names; far above the containers of one node, and each entry is small. */
    public static final int MAX_NAMES = 4096;

    private final boolean enabled;
    private final int maxNames;
    private final ConcurrentHashMap<String, Entry> counts = new ConcurrentHashMap<>();
    private final AtomicLong ticks = new AtomicLong();
    private volatile boolean active;

    @Inject
    public OomCounter(EnabledMetrics metrics) {
        this(metrics.has(MetricKind.OOM_EVENT), MAX_NAMES);
    }

    /**
     * @param enabled  the {@code oom_event} metric group is on
     * @param maxNames names kept at most
     */
    public OomCounter(boolean enabled, int maxNames) {
        this.enabled = enabled;
        this.maxNames = Math.max(1, maxNames);
    }

    /** The kernel log is being read: counts replace the cgroup's {@code oom_kill}. */
    public void activate() {
        active = true;
    }

    /** Counts are being kept and reported. */
    public boolean active() {
        return active && enabled;
    }

    /** One more OOM kill attributed to {@code name}. */
    public void increment(String name) {
        if (!enabled) {
            return;
        }
        long tick = ticks.incrementAndGet();
        counts.compute(name, (n, e) -> e == null ? new Entry(1, tick) : new Entry(e.count + 1, tick));
        if (counts.size() > maxNames) {
            evictOldest();
        }
    }

    /** The count for a container name (0 when none), or empty when counts are not in force. */
    public OptionalLong count(String name) {
        if (!active()) {
            return OptionalLong.empty();
        }
        Entry e = counts.get(name);
        return OptionalLong.of(e == null ? 0 : e.count);
    }

    /** Drops a removed container's count. */
    public void forget(String name) {
        counts.remove(name);
    }

    /** Names counted now (tests, bound checks). */
    public int size() {
        return counts.size();
    }

    /** Linear, but only when the cap is passed, and OOM kills are rare. */
    private synchronized void evictOldest() {
        while (counts.size() > maxNames) {
            String oldest = null;
            long oldestTick = Long.MAX_VALUE;
            for (Map.Entry<String, Entry> e : counts.entrySet()) {
                if (e.getValue().tick < oldestTick) {
                    oldestTick = e.getValue().tick;
                    oldest = e.getKey();
                }
            }
            if (oldest == null) {
                return;
            }
            counts.remove(oldest);
        }
    }

    /** A count and the tick of its last increment (for eviction order). */
    private record Entry(long count, long tick) {
    }
}
