package io.jcadvisor.cache;

import io.jcadvisor.config.CadvisorConfig;
import io.jcadvisor.info.v1.ContainerStats;
import io.jcadvisor.info.v1.RawJson;
import io.jcadvisor.info.v1.SampleJsonMemo;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

/**
 * The in-memory sample history (upstream {@code memory.InMemoryCache}): one {@link TimedStore} per
 * container name, bounded by {@code cadvisor.storage.duration} (age relative to the newest insert) and
 * {@code cadvisor.storage.max-samples}. The manager removes a container's buffer when it is destroyed.
 *
 * <p>Each held sample has a slot for its JSON, filled the first time an API answer writes it
 * ({@link SampleJsonMemo}) and dropped with the sample; queries answer a list that exposes the slots.
 */
@ApplicationScoped
// built at start, so a bad storage.duration stops start-up instead of killing each housekeeping thread
@Startup
public class StatsCache {

    private final Duration maxAge;
    private final int maxSamples;
    private final long jsonBudget;
    /** Bytes of JSON held in all samples' slots now. */
    private final AtomicLong jsonKept = new AtomicLong();
    private final ConcurrentHashMap<String, TimedStore<Held>> stores = new ConcurrentHashMap<>();

    /**
     * @throws ConfigurationException naming the key, for a {@code cadvisor.storage.duration} that is not
     *                                positive (zero would keep no sample, so nothing would be served):
     *                                Quarkus prints its message as one line and stops start-up
     */
    @Inject
    public StatsCache(CadvisorConfig config) {
        this(checkedDuration(config.storage().duration()), config.storage().maxSamples(),
                config.storage().jsonCacheSize().asLongValue());
    }

    private static Duration checkedDuration(Duration maxAge) {
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new ConfigurationException("cadvisor.storage.duration must be positive: " + maxAge,
                    Set.of("cadvisor.storage.duration"));
        }
        return maxAge;
    }

    public StatsCache(Duration maxAge, int maxSamples) {
        this(maxAge, maxSamples, 16L << 20);
    }

    /** @param jsonBudget bytes of samples' JSON kept for reuse, all containers together */
    public StatsCache(Duration maxAge, int maxSamples, long jsonBudget) {
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("cadvisor.storage.duration must not be negative: " + maxAge);
        }
        this.maxAge = maxAge;
        this.maxSamples = maxSamples;
        this.jsonBudget = jsonBudget;
    }

    /** Stores a sample; its timestamp must be set. */
    public void add(String name, ContainerStats stats) {
        stores.computeIfAbsent(name, n -> new TimedStore<>(maxAge, maxSamples, Held::timestamp, Held::evict))
                .add(new Held(stats));
    }

    /** Samples with {@code start <= timestamp <= end} (null = unbounded), oldest first, newest {@code count} (negative = all). */
    public List<ContainerStats> query(String name, Instant start, Instant end, int count) {
        TimedStore<Held> store = stores.get(name);
        if (store == null) {
            return List.of();
        }
        List<Held> held = store.query(start, end, count);
        return held.isEmpty() ? List.of() : new Samples(held);
    }

    /** The newest {@code n} samples, oldest first. */
    public List<ContainerStats> newest(String name, int n) {
        return query(name, null, null, n);
    }

    /** The newest sample, or null. */
    public ContainerStats latest(String name) {
        TimedStore<Held> store = stores.get(name);
        Held latest = store == null ? null : store.latest();
        return latest == null ? null : latest.stats;
    }

    /** Drops a container's history. */
    public void remove(String name) {
        TimedStore<Held> store = stores.remove(name);
        if (store != null) {
            store.query(null, null, -1).forEach(Held::evict);
        }
    }

    /** Bytes of samples' JSON kept now, all containers together (at most the budget). */
    public long jsonKept() {
        return jsonKept.get();
    }

    private boolean reserve(long bytes) {
        long now;
        do {
            now = jsonKept.get();
            if (now + bytes > jsonBudget) {
                return false;
            }
        } while (!jsonKept.compareAndSet(now, now + bytes));
        return true;
    }

    private void release(RawJson json) {
        if (json != null) {
            jsonKept.addAndGet(-json.length());
        }
    }

    /** Names that have a buffer. */
    public Set<String> names() {
        return Set.copyOf(stores.keySet());
    }

    /** Samples held for one container. */
    public int size(String name) {
        TimedStore<Held> store = stores.get(name);
        return store == null ? 0 : store.size();
    }

    /**
     * One held sample and its JSON once written. The slots are filled by compare-and-set and emptied
     * on eviction, each byte counted against the budget exactly once: whichever of a late filler and
     * the evictor takes the JSON out gives its bytes back.
     */
    private final class Held {
        final ContainerStats stats;
        volatile RawJson json;
        volatile FormJson form;
        volatile boolean evicted;

        Held(ContainerStats stats) {
            this.stats = stats;
        }

        Instant timestamp() {
            return stats.timestamp();
        }

        void keep(RawJson bytes) {
            if (!reserve(bytes.length())) {
                return;
            }
            if (!JSON.compareAndSet(this, null, bytes)) {
                release(bytes);
            } else if (evicted) {
                release(JSON.getAndSet(this, null));
            }
        }

        void keep(FormJson bytes) {
            if (!reserve(bytes.json().length())) {
                return;
            }
            FormJson before = form;
            if (!FORM.compareAndSet(this, before, bytes)) {
                release(bytes.json());
                return;
            }
            if (before != null) {
                release(before.json());
            }
            if (evicted) {
                FormJson gone = FORM.getAndSet(this, null);
                if (gone != null) {
                    release(gone.json());
                }
            }
        }

        void evict() {
            evicted = true;
            release(JSON.getAndSet(this, null));
            FormJson gone = FORM.getAndSet(this, null);
            if (gone != null) {
                release(gone.json());
            }
        }
    }

    private static final AtomicReferenceFieldUpdater<Held, RawJson> JSON =
            AtomicReferenceFieldUpdater.newUpdater(Held.class, RawJson.class, "json");
    private static final AtomicReferenceFieldUpdater<Held, FormJson> FORM =
            AtomicReferenceFieldUpdater.newUpdater(Held.class, FormJson.class, "form");

    /** An answer to a query: the samples, oldest first, read-only, with their JSON slots. */
    private static final class Samples extends AbstractList<ContainerStats> implements RandomAccess, SampleJsonMemo {
        private final List<Held> held;

        Samples(List<Held> held) {
            this.held = held;
        }

        @Override
        public ContainerStats get(int index) {
            return held.get(index).stats;
        }

        @Override
        public int size() {
            return held.size();
        }

        @Override
        public RawJson json(int index) {
            return held.get(index).json;
        }

        @Override
        public void json(int index, RawJson json) {
            held.get(index).keep(json);
        }

        @Override
        public RawJson json(int index, long form, Object previous) {
            FormJson kept = held.get(index).form;
            return kept != null && kept.form == form && kept.previous == previous ? kept.json : null;
        }

        @Override
        public void json(int index, long form, Object previous, RawJson json) {
            held.get(index).keep(new FormJson(form, previous, json));
        }
    }

    /** Another form's JSON of a sample, with what it was derived from; {@code previous} compared by identity. */
    private record FormJson(long form, Object previous, RawJson json) {
    }
}
