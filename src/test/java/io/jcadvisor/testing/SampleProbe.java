package io.jcadvisor.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.ToLongFunction;

import static io.jcadvisor.testing.ApiJson.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A container's newest sample as a live test of one runtime reads it through the agent's API: how
 * that runtime's containers are asked for is given once, the waiting is the same for all.
 */
public final class SampleProbe {

    /** A container's {@code stats} array, fetched through the API. */
    @FunctionalInterface
    public interface StatsFetch {
        JsonNode stats(String ref) throws IOException;
    }

    private final StatsFetch fetch;
    private final Function<String, String> servedPath;

    /**
     * @param fetch      the {@code stats} array of a container by the test's reference (name, id)
     * @param servedPath a path that answers 200 once the agent serves that container
     */
    public SampleProbe(StatsFetch fetch, Function<String, String> servedPath) {
        this.fetch = fetch;
        this.servedPath = servedPath;
    }

    /** The newest sample, or null before the first. */
    public JsonNode latestSample(String ref) throws IOException {
        JsonNode stats = fetch.stats(ref);
        return stats.size() == 0 ? null : stats.get(stats.size() - 1);
    }

    /** A value of the newest sample, which must exist. */
    public long latest(String ref, ToLongFunction<JsonNode> value) throws IOException {
        JsonNode sample = latestSample(ref);
        assertThat(sample).as("a sample of %s", ref).isNotNull();
        return value.applyAsLong(sample);
    }

    /** Waits for the container and its first sample, then gives its value. */
    public long awaitLatest(String ref, ToLongFunction<JsonNode> value) throws IOException {
        awaitStatus(servedPath.apply(ref), 200, Duration.ofSeconds(5));
        Await.until(Duration.ofSeconds(5), () -> {
            try {
                return latestSample(ref) != null;
            } catch (IOException e) {
                return false;
            }
        });
        return latest(ref, value);
    }

    /** Waits until the newest sample's value differs from {@code old}; the new value. */
    public long awaitLatestChange(String ref, ToLongFunction<JsonNode> value, long old, Duration limit) {
        long[] seen = {old};
        Await.until(limit, () -> {
            try {
                seen[0] = latest(ref, value);
                return seen[0] != old;
            } catch (IOException e) {
                return false;
            }
        });
        return seen[0];
    }

    /** Waits until the newest sample's value is at least {@code min}; that value. */
    public long awaitLatestAtLeast(String ref, ToLongFunction<JsonNode> value, long min, Duration limit) {
        long[] seen = {Long.MIN_VALUE};
        try {
            Await.until(limit, () -> {
                try {
                    seen[0] = latest(ref, value);
                    return seen[0] >= min;
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (AssertionError e) {
            throw new AssertionError("latest value " + seen[0] + " of " + ref + " stayed below " + min, e);
        }
        return seen[0];
    }

    /**
     * The busy container accounts more than 0.5 s of CPU (waited for, up to a minute) while the idle
     * one, over that same time, accounts less than 20 ms. What the kernel accounted, not a rate: on a
     * 2-core machine that others load, the busy loop may get a tenth of a core, but the idle one
     * stays idle however long it takes.
     */
    public void assertBusyUsesCpuAndIdleDoesNot(String busy, String idle, String runtime) throws Exception {
        ToLongFunction<JsonNode> cpu = s -> s.path("cpu").path("usage").path("total").asLong();
        long busy0 = awaitLatest(busy, cpu);
        long idle0 = awaitLatest(idle, cpu);
        long started = System.nanoTime();

        long busy1 = awaitLatestAtLeast(busy, cpu, busy0 + 500_000_001L, Duration.ofSeconds(60));
        long idle1 = latest(idle, cpu);

        System.out.printf("%s cpu over %d ms: busy +%d ns, idle +%d ns%n", runtime,
                (System.nanoTime() - started) / 1_000_000, busy1 - busy0, idle1 - idle0);
        assertThat(busy1 - busy0).as("busy container's cpu.usage.total rise").isGreaterThan(500_000_000L);
        assertThat(idle1 - idle0).as("idle container's cpu.usage.total rise").isLessThan(20_000_000L);
    }
}
