package io.jcadvisor.manager;

import io.jcadvisor.info.v1.ContainerStats;
import io.jcadvisor.testing.FixedRandom;
import io.jcadvisor.testing.Samples;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class HousekeepingScheduleTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final HousekeepingSettings NO_JITTER = HousekeepingSettings.defaults().withJitter(0, 0);

    private static List<ContainerStats> same() {
        return List.of(Samples.stats(T0, 5, 5), Samples.stats(T0.plusSeconds(1), 5, 5));
    }

    private static List<ContainerStats> changed() {
        return List.of(Samples.stats(T0, 5, 5), Samples.stats(T0.plusSeconds(1), 6, 5));
    }

    private static long seconds(Duration d) {
        return d.toSeconds();
    }

    @Test
    void idleContainerCyclesOneToSixtyAndBackToOne() {
        HousekeepingSchedule s = new HousekeepingSchedule(NO_JITTER, new FixedRandom(0));
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            delays.add(seconds(s.nextDelay(same())));
        }
        // upstream's literal rule: at the max, the next decision resets to the base
        assertThat(delays).containsExactly(2L, 4L, 8L, 16L, 32L, 60L, 1L, 2L, 4L);
    }

    @Test
    void changedStatsResetToTheBase() {
        HousekeepingSchedule s = new HousekeepingSchedule(NO_JITTER, new FixedRandom(0));
        s.nextDelay(same());
        s.nextDelay(same());
        assertThat(s.interval()).isEqualTo(Duration.ofSeconds(4));
        assertThat(s.nextDelay(changed())).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void fewerThanTwoSamplesChangeNothing() {
        HousekeepingSchedule s = new HousekeepingSchedule(NO_JITTER, new FixedRandom(0));
        s.nextDelay(same());
        assertThat(s.nextDelay(List.of(Samples.stats(T0, 1, 1)))).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.nextDelay(List.of())).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void staticHousekeepingKeepsTheBase() {
        HousekeepingSchedule s = new HousekeepingSchedule(NO_JITTER.withAllowDynamic(false), new FixedRandom(0));
        for (int i = 0; i < 5; i++) {
            assertThat(s.nextDelay(same())).isEqualTo(Duration.ofSeconds(1));
        }
    }

    @Test
    void doublingIsCappedAtTheMax() {
        HousekeepingSettings settings = new HousekeepingSettings(Duration.ofSeconds(1), Duration.ofSeconds(5), true, 0,
                0, 1, false, false);
        HousekeepingSchedule s = new HousekeepingSchedule(settings, new FixedRandom(0));
        assertThat(List.of(s.nextDelay(same()), s.nextDelay(same()), s.nextDelay(same()), s.nextDelay(same())))
                .containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(5),
                        Duration.ofSeconds(1));
    }

    @Test
    void jitterStaysWithinIntervalAndOnePlusFactorTimesInterval() {
        Duration base = Duration.ofSeconds(1);
        assertThat(HousekeepingSchedule.jitter(base, 1.0, new FixedRandom(0))).isEqualTo(base);
        assertThat(HousekeepingSchedule.jitter(base, 1.0, new FixedRandom(0.999999))).isLessThan(Duration.ofSeconds(2))
                .isGreaterThan(Duration.ofMillis(1999));
        assertThat(HousekeepingSchedule.jitter(base, 0.5, new FixedRandom(0.5))).isEqualTo(Duration.ofMillis(1250));
        assertThat(HousekeepingSchedule.jitter(base, 0, new FixedRandom(0.9))).isEqualTo(base);
        // negative means 1.0
        assertThat(HousekeepingSchedule.jitter(base, -3, new FixedRandom(0.5))).isEqualTo(Duration.ofMillis(1500));
        SplittableRandom seeded = new SplittableRandom(42);
        for (int i = 0; i < 10_000; i++) {
            Duration d = HousekeepingSchedule.jitter(Duration.ofSeconds(8), 1.0, seeded);
            assertThat(d).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(16).minusNanos(1));
        }
    }

    @Test
    void firstDelayUsesTheInitialSplayLaterOnesTheJitterFactor() {
        HousekeepingSettings settings = HousekeepingSettings.defaults().withJitter(2.0, 0.5).withAllowDynamic(false);
        HousekeepingSchedule s = new HousekeepingSchedule(settings, new FixedRandom(0.5));
        assertThat(s.nextDelay(List.of())).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.nextDelay(List.of())).isEqualTo(Duration.ofMillis(1250));
        assertThat(s.nextDelay(List.of())).isEqualTo(Duration.ofMillis(1250));
    }
}
