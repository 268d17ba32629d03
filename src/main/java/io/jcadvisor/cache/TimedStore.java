package io.jcadvisor.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Time-ordered buffer of one container's samples (or one event type's events), bounded by age and by
 * count. Thread-safe.
 *
 * <p>Eviction follows upstream {@code utils.TimedStore}: it happens only on insert, and the age bound
 * is relative to the timestamp of the element being inserted, not to the wall clock, so an idle buffer
 * keeps its last samples. An element with {@code timestamp <= inserted - maxAge} is dropped. The count
 * bound (ours; upstream has none for samples) then keeps the newest {@code maxCount}.
 *
 * @param <T> element type; its timestamp comes from the function given at construction
 */
public final class TimedStore<T> {

    private final Duration maxAge;
    private final int maxCount;
    private final Function<T, Instant> timestampOf;
    private final Consumer<T> evicted;
    /** Oldest first. Small (hundreds), so shifting on insert and eviction is cheaper than a tree. */
    private final ArrayList<T> elements = new ArrayList<>();

    /**
     * @param maxAge      age bound relative to the inserted element; {@code null} = unbounded
     * @param maxCount    count bound; {@code <= 0} keeps nothing
     * @param timestampOf the element's timestamp, never null
     */
    public TimedStore(Duration maxAge, int maxCount, Function<T, Instant> timestampOf) {
        this(maxAge, maxCount, timestampOf, e -> { });
    }

    /** @param evicted told of each element the bounds push out, under this store's lock */
    public TimedStore(Duration maxAge, int maxCount, Function<T, Instant> timestampOf, Consumer<T> evicted) {
        this.maxAge = maxAge;
        this.maxCount = maxCount;
        this.timestampOf = timestampOf;
        this.evicted = evicted;
    }

    /** Inserts in time order (after elements with an equal timestamp), then evicts. */
    public synchronized void add(T element) {
        if (maxCount <= 0) {
            return;
        }
        Instant ts = timestampOf.apply(element);
        int at = upperBound(ts);
        elements.add(at, element);
        if (maxAge != null) {
            Instant cutoff = ts.minus(maxAge);
            // elements are sorted: the evicted ones are a prefix
            int drop = upperBound(cutoff);
            if (drop > 0) {
                evict(drop);
            }
        }
        int excess = elements.size() - maxCount;
        if (excess > 0) {
            evict(excess);
        }
    }

    private void evict(int oldest) {
        List<T> gone = elements.subList(0, oldest);
        gone.forEach(evicted);
        gone.clear();
    }

    /**
     * Elements with {@code start <= timestamp <= end}, oldest first, at most the newest {@code count}.
     *
     * @param start inclusive lower bound, {@code null} = unbounded
     * @param end   inclusive upper bound, {@code null} = unbounded
     * @param count newest N; negative = all, 0 = none
     */
    public synchronized List<T> query(Instant start, Instant end, int count) {
        if (count == 0 || elements.isEmpty()) {
            return List.of();
        }
        int from = start == null ? 0 : lowerBound(start);
        int to = end == null ? elements.size() : upperBound(end);
        if (from >= to) {
            return List.of();
        }
        if (count > 0 && to - from > count) {
            from = to - count;
        }
        return List.copyOf(elements.subList(from, to));
    }

    /** The newest {@code n} elements, oldest first. */
    public List<T> newest(int n) {
        return query(null, null, n);
    }

    /** The newest element, or null when empty. */
    public synchronized T latest() {
        return elements.isEmpty() ? null : elements.get(elements.size() - 1);
    }

    public synchronized int size() {
        return elements.size();
    }

    /** First index whose timestamp is not before {@code t}. */
    private int lowerBound(Instant t) {
        int lo = 0;
        int hi = elements.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (timestampOf.apply(elements.get(mid)).isBefore(t)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** First index whose timestamp is after {@code t}. */
    private int upperBound(Instant t) {
        int lo = 0;
        int hi = elements.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (timestampOf.apply(elements.get(mid)).isAfter(t)) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }
}
