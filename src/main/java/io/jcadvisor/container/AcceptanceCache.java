package io.jcadvisor.container;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a runtime learnt about a cgroup name while accepting it ({@link ContainerHandlerFactory#canHandleAndAccept}:
 * the daemon's inspect answer, the containerd container record), kept for the
 * {@link ContainerHandlerFactory#newHandler} that the manager calls right after, so the daemon is not
 * asked twice. Bounded: past {@code capacity} names the oldest entry goes, one at a time (a name
 * accepted and never turned into a handler, because it vanished in between, cannot pile up).
 *
 * @param <T> what the runtime keeps per accepted name
 */
public final class AcceptanceCache<T> {

    /** Enough for a burst of container starts between two discovery steps. */
    public static final int DEFAULT_CAPACITY = 1024;

    private final Map<String, T> entries;

    public AcceptanceCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        // insertion order: the eldest entry is the one accepted longest ago
        this.entries = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, T> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Keeps what was learnt when accepting {@code name}, replacing an earlier entry. */
    public synchronized void put(String name, T value) {
        entries.remove(name);
        entries.put(name, value);
    }

    /** What was kept for {@code name}, removed; null when nothing was (or it was evicted). */
    public synchronized T take(String name) {
        return entries.remove(name);
    }

    public synchronized int size() {
        return entries.size();
    }
}
