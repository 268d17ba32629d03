package io.jcadvisor.cache;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.jcadvisor.info.v1.ContainerInfo;
import io.jcadvisor.info.v1.ContainerSpec;
import io.jcadvisor.info.v1.ContainerStats;
import io.jcadvisor.info.v1.InstantSerializer;
import io.jcadvisor.info.v1.SampleJsonMemo;
import io.jcadvisor.info.v2.V2Conversions;
import io.jcadvisor.testing.Samples;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StatsCacheJsonTest {

    private static final Instant T0 = Instant.parse("2026-12-06T02:00:00.123456789Z");

    private final ObjectMapper mapper = new ObjectMapper()
            .registerModule(new SimpleModule().addSerializer(Instant.class, new InstantSerializer()));

    private static ContainerInfo info(List<ContainerStats> stats) {
        return new ContainerInfo("id", "/docker/id", List.of("alias"), "docker", List.of(), null, stats);
    }

    @Test
    void reusedJsonIsTheSameTextAsWritingTheSamplesAgain() throws Exception {
        StatsCache cache = new StatsCache(Duration.ofMinutes(2), 100);
        for (int i = 0; i < 5; i++) {
            cache.add("/docker/id", Samples.stats(T0.plusSeconds(i), 1_000_000L * i, -1L - i));
        }
        List<ContainerStats> held = cache.query("/docker/id", null, null, -1);
        String plain = mapper.writeValueAsString(info(new ArrayList<>(held)));

        String first = mapper.writeValueAsString(info(held));
        assertThat(((SampleJsonMemo) held).json(0)).as("filled by the first answer").isNotNull();
        List<ContainerStats> again = cache.query("/docker/id", null, null, 3);
        assertThat(((SampleJsonMemo) again).json(0)).as("kept for the next query").isNotNull();
        String second = mapper.writeValueAsString(info(cache.query("/docker/id", null, null, -1)));

        assertThat(first).isEqualTo(plain);
        assertThat(second).isEqualTo(plain);
        assertThat(plain).contains("\"timestamp\":\"2026-12-06T02:00:00.123456789Z\"");
    }

    @Test
    void reusedV20JsonIsTheSameTextAsConvertingAndWritingAgain() throws Exception {
        StatsCache cache = new StatsCache(Duration.ofMinutes(2), 100);
        for (int i = 0; i < 5; i++) {
            cache.add("/docker/id", Samples.stats(T0.plusSeconds(i), 1_000_000L * i, 4096L * i));
        }
        ContainerSpec spec = Samples.spec(T0, true, true);
        List<ContainerStats> held = cache.query("/docker/id", null, null, -1);
        String plain = mapper.writeValueAsString(Map.of("/docker/id", new ArrayList<>(
                V2Conversions.deprecatedStats(spec, new ArrayList<>(held)))));

        String first = mapper.writeValueAsString(Map.of("/docker/id", V2Conversions.deprecatedStats(spec, held)));
        // a window one sample shorter: its first sample has no cpu_inst now, so that one is written afresh
        List<ContainerStats> newest = cache.query("/docker/id", null, null, 4);
        String window = mapper.writeValueAsString(Map.of("/docker/id", V2Conversions.deprecatedStats(spec, newest)));
        String windowPlain = mapper.writeValueAsString(Map.of("/docker/id", new ArrayList<>(
                V2Conversions.deprecatedStats(spec, new ArrayList<>(newest)))));
        String again = mapper.writeValueAsString(Map.of("/docker/id", V2Conversions.deprecatedStats(spec,
                cache.query("/docker/id", null, null, -1))));
        // another spec form (no memory section) must not take the kept text
        ContainerSpec noMemory = Samples.spec(T0, true, false);
        String other = mapper.writeValueAsString(Map.of("/docker/id", V2Conversions.deprecatedStats(noMemory,
                cache.query("/docker/id", null, null, -1))));
        String otherPlain = mapper.writeValueAsString(Map.of("/docker/id", new ArrayList<>(
                V2Conversions.deprecatedStats(noMemory, new ArrayList<>(held)))));

        assertThat(plain).contains("\"cpu_inst\"");
        assertThat(first).isEqualTo(plain);
        assertThat(again).isEqualTo(plain);
        assertThat(window).isEqualTo(windowPlain);
        assertThat(other).isEqualTo(otherPlain).isNotEqualTo(plain);
    }

    @Test
    void keptJsonStaysWithinItsBudgetAndLeavesWithItsSamples() throws Exception {
        StatsCache probe = new StatsCache(Duration.ofMinutes(2), 100);
        probe.add("/c", Samples.stats(T0, 1, 1));
        mapper.writeValueAsString(info(probe.query("/c", null, null, -1)));
        long one = probe.jsonKept();
        assertThat(one).isPositive();

        // room for the JSON of two samples: the third answer's samples are written, not kept
        StatsCache cache = new StatsCache(Duration.ofMinutes(2), 3, 2 * one + one / 2);
        for (int i = 0; i < 3; i++) {
            cache.add("/c", Samples.stats(T0.plusSeconds(i), 1, 1));
        }
        List<ContainerStats> held = cache.query("/c", null, null, -1);
        String plain = mapper.writeValueAsString(info(new ArrayList<>(held)));
        assertThat(mapper.writeValueAsString(info(held))).isEqualTo(plain);
        assertThat(cache.jsonKept()).isEqualTo(2 * one);
        assertThat(((SampleJsonMemo) held).json(2)).isNull();
        assertThat(mapper.writeValueAsString(info(cache.query("/c", null, null, -1)))).isEqualTo(plain);

        // the count bound evicts the oldest sample and its bytes with it; a late fill of it is not kept
        cache.add("/c", Samples.stats(T0.plusSeconds(3), 1, 1));
        assertThat(cache.jsonKept()).isEqualTo(one);
        ((SampleJsonMemo) held).json(0, ((SampleJsonMemo) held).json(1));
        assertThat(cache.jsonKept()).isEqualTo(one);

        cache.remove("/c");
        assertThat(cache.jsonKept()).isZero();
    }

    @Test
    void aNewSampleStartsWithoutJson() {
        StatsCache cache = new StatsCache(Duration.ofMinutes(2), 100);
        cache.add("/c", Samples.stats(T0, 1, 1));
        SampleJsonMemo memo = (SampleJsonMemo) cache.query("/c", null, null, -1);
        assertThat(memo.json(0)).isNull();
    }
}
