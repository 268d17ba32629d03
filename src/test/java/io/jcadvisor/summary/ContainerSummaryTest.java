package io.jcadvisor.summary;

import io.jcadvisor.info.v2.DerivedStats;
import io.jcadvisor.info.v2.InstantUsage;
import io.jcadvisor.info.v2.Percentiles;
import io.jcadvisor.info.v2.Usage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ContainerSummaryTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final long SECOND = 1_000_000_000L;

    /** Feeds one sample per second from {@code fromSecond} to {@code toSecond}, half a core busy. */
    private static void feed(ContainerSummary s, int fromSecond, int toSecond, long workingSet) {
        for (int i = fromSecond; i <= toSecond; i++) {
            s.add(T0.plusSeconds(i), i * SECOND / 2, workingSet);
        }
    }

    @Test
    void beforeTheFirstMinuteOnlyLatestUsageIsSet() {
        ContainerSummary s = new ContainerSummary(true, true);
        feed(s, 0, 60, 4096);
        DerivedStats d = s.derived();
        assertThat(d.latestUsage()).isEqualTo(new InstantUsage(500, 4096));
        assertThat(d.minuteUsage()).isEqualTo(Usage.EMPTY);
        assertThat(d.hourUsage()).isEqualTo(Usage.EMPTY);
        assertThat(d.timestamp()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void foldsAMinuteOnceSamplesSpanMoreThanSixtySeconds() {
        ContainerSummary s = new ContainerSummary(true, true);
        feed(s, 0, 61, 4096);
        DerivedStats d = s.derived();
        assertThat(s.minuteCount()).isEqualTo(1);
        assertThat(d.minuteUsage().percentComplete()).isEqualTo(100);
        assertThat(d.minuteUsage().cpu()).isEqualTo(new Percentiles(true, 500, 0, 500, 500, 500, 500, 61));
        assertThat(d.minuteUsage().memory()).isEqualTo(new Percentiles(true, 4096, 0, 4096, 4096, 4096, 4096, 62));
        // integer division, as upstream: 1 of 60 minutes, 1 of 1440
        assertThat(d.hourUsage().percentComplete()).isEqualTo(1);
        assertThat(d.dayUsage().percentComplete()).isZero();
        assertThat(d.timestamp()).isEqualTo(T0.plusSeconds(61));
    }

    @Test
    void afterThreeMinutesHourIsFivePercentAndDayZero() {
        ContainerSummary s = new ContainerSummary(true, true);
        // minutes fold at 61, 122, 183 (the last sample of a minute opens the next)
        feed(s, 0, 183, 1);
        assertThat(s.minuteCount()).isEqualTo(3);
        assertThat(s.derived().hourUsage().percentComplete()).isEqualTo(5);
        assertThat(s.derived().dayUsage().percentComplete()).isZero();
    }

    @Test
    void keepsSixtyMinutesAndDayNeverPassesFourPercent() {
        ContainerSummary s = new ContainerSummary(true, true);
        feed(s, 0, 61 * 62, 1);
        assertThat(s.minuteCount()).isEqualTo(ContainerSummary.MINUTES);
        assertThat(s.derived().hourUsage().percentComplete()).isEqualTo(100);
        assertThat(s.derived().dayUsage().percentComplete()).isEqualTo(4);
        assertThat(s.derived().hourUsage().cpu().count()).isEqualTo(60);
    }

    @Test
    void hourAggregatesMaxOfMaximaMeanOfMeansAndPercentilesOfNinetieths() {
        ContainerSummary s = new ContainerSummary(true, true);
        // minute 1: memory 100 throughout; minute 2: memory 300 throughout, with one spike of 1000
        Instant t = T0;
        for (int i = 0; i <= 61; i++) {
            s.add(t.plusSeconds(i), 0, 100);
        }
        for (int i = 62; i <= 122; i++) {
            s.add(t.plusSeconds(i), 0, i == 100 ? 1000 : 300);
        }
        assertThat(s.minuteCount()).isEqualTo(2);
        Percentiles hour = s.derived().hourUsage().memory();
        assertThat(hour.max()).isEqualTo(1000);
        Percentiles minute2 = s.derived().minuteUsage().memory();
        assertThat(hour.mean()).isEqualTo((100 + minute2.mean()) / 2);
        // over the two ninetieths {100, 300}: n = 2, the 50th is s[1], the 90th s[2]
        assertThat(hour.fifty()).isEqualTo(100);
        assertThat(hour.ninety()).isEqualTo(300);
        assertThat(hour.count()).isEqualTo(2);
    }

    @Test
    void latestUsageIgnoresSamplesUnderTenMillisecondsApartAndCounterResets() {
        ContainerSummary s = new ContainerSummary(true, true);
        s.add(T0, 0, 1);
        s.add(T0.plusSeconds(1), SECOND, 2);
        assertThat(s.derived().latestUsage()).isEqualTo(new InstantUsage(1000, 2));
        s.add(T0.plusSeconds(1).plus(Duration.ofMillis(5)), 2 * SECOND, 3);
        assertThat(s.derived().latestUsage()).isEqualTo(new InstantUsage(1000, 2));
        s.add(T0.plusSeconds(3), 10, 4);
        assertThat(s.derived().latestUsage()).isEqualTo(new InstantUsage(1000, 2));
        s.add(T0.plusSeconds(5), 10 + SECOND / 4, 5);
        assertThat(s.derived().latestUsage()).isEqualTo(new InstantUsage(125, 5));
    }

    @Test
    void twoSamplesSixtyOneSecondsApartMakeACompleteMinute() {
        ContainerSummary s = new ContainerSummary(true, true);
        // a fold needs more than 60 s of span, so every folded minute is complete
        s.add(T0, 0, 1);
        s.add(T0.plusSeconds(61), SECOND, 1);
        assertThat(s.derived().minuteUsage().percentComplete()).isEqualTo(100);
    }

    @Test
    void memoryOnlyContainerHasNoCpuPercentiles() {
        ContainerSummary s = new ContainerSummary(false, true);
        feed(s, 0, 61, 7);
        assertThat(s.derived().minuteUsage().cpu()).isEqualTo(Percentiles.ABSENT);
        assertThat(s.derived().minuteUsage().memory().present()).isTrue();
        assertThat(s.derived().latestUsage().cpu()).isZero();
    }
}
