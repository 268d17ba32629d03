package io.jcadvisor.cache;

import io.jcadvisor.config.CadvisorConfig;
import io.jcadvisor.info.v1.ContainerStats;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory sample history (upstream {@code memory.InMemoryCache}): one {@link TimedStore} per
 * container name, bounded by {@code cadvisor.storage.duration} (age relative to the newest insert) and
 * {@code cadvisor.storage.max-samples}. The manager removes a container's buffer when it is destroyed.
 */
@ApplicationScoped
// built at start, so a bad storage.duration stops start-up instead of killing each housekeeping thread
@Startup
public class StatsCache {

    private final Duration maxAge;
    private final int maxSamples;
    private final ConcurrentHashMap<String, TimedStore<ContainerStats>> stores = new ConcurrentHashMap<>();

    /**
     * @throws ConfigurationException naming the key, for a {@code cadvisor.storage.duration} that is not
     *                                positive (zero would keep no sample, so nothing would be served):
     *                                Quarkus prints its message as one line and stops start-up
     */
    @Inject
    public StatsCache(CadvisorConfig config) {
        this(checkedDuration(config.storage().duration()), config.storage().maxSamples());
    }

    private static Duration checkedDuration(Duration maxAge) {
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new ConfigurationException("cadvisor.storage.duration must be positive: " + maxAge,
                    Set.of("cadvisor.storage.duration"));
        }
        return maxAge;
    }

    public StatsCache(Duration maxAge, int maxSamples) {
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("cadvisor.storage.duration must not be negative: " + maxAge);
        }
        this.maxAge = maxAge;
        this.maxSamples = maxSamples;
    }

    /** Stores a sample; its timestamp must be set. */
    public void add(String name, ContainerStats stats) {
        stores.computeIfAbsent(name, n -> new TimedStore<>(maxAge, maxSamples, ContainerStats::timestamp)).add(stats);
    }

    /** Samples with {@code start <= timestamp <= end} (null = unbounded), oldest first, newest {@code count} (negative = all). */
    public List<ContainerStats> query(String name, Instant start, Instant end, int count) {
        TimedStore<ContainerStats> store = stores.get(name);
        return store == null ? List.of() : store.query(start, end, count);
    }

    /** The newest {@code n} samples, oldest first. */
    public List<ContainerStats> newest(String name, int n) {
        return query(name, null, null, n);
    }

    /** The newest sample, or null. */
    public ContainerStats latest(String name) {
        TimedStore<ContainerStats> store = stores.get(name);
        return store == null ? null : store.latest();
    }

    /** Drops a container's history. */
    public void remove(String name) {
        stores.remove(name);
    }

    /** Names that have a buffer. */
    public Set<String> names() {
        return Set.copyOf(stores.keySet());
    }

    /** Samples held for one container. */
    public int size(String name) {
        TimedStore<ContainerStats> store = stores.get(name);
        return store == null ? 0 : store.size();
    }
}
