package io.jcadvisor.edge;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BurstMemoryReturnTest {

    static final long MIB = 1 << 20;

    @Test
    void collectsOnceAQuietPeriodAfterABurstThatGrewTheHeap() {
        BurstMemoryReturn.Decision d = new BurstMemoryReturn.Decision(4 * MIB, 1);
        assertThat(d.collectNow(0, 0, 44 * MIB)).as("no burst yet: the resting size").isFalse();
        assertThat(d.collectNow(500, 2, 60 * MIB)).as("burst on").isFalse();
        assertThat(d.collectNow(900, 0, 62 * MIB)).as("requests arrived during the last period").isFalse();
        assertThat(d.collectNow(900, 0, 62 * MIB)).as("a quiet period later, 18 MiB over resting").isTrue();
        assertThat(d.collectNow(900, 0, 52 * MIB)).as("once per burst").isFalse();
        assertThat(d.collectNow(901, 0, 60 * MIB)).as("the next burst").isFalse();
        assertThat(d.collectNow(901, 0, 60 * MIB)).as("8 MiB over the size after the last return").isTrue();
    }

    @Test
    void aHeapFullOfTheBurstsGarbageStillCountsAsGrown() {
        // what the free-space test got wrong: 62 MiB committed, 61 MiB "used", nearly all of it garbage
        BurstMemoryReturn.Decision d = new BurstMemoryReturn.Decision(4 * MIB, 1);
        d.collectNow(0, 0, 43 * MIB);
        d.collectNow(700, 0, 62 * MIB);
        assertThat(d.collectNow(700, 0, 62 * MIB)).isTrue();
    }

    @Test
    void waitsForTheLastHeavyAnswerAndSkipsWhenTheHeapHardlyGrew() {
        BurstMemoryReturn.Decision d = new BurstMemoryReturn.Decision(4 * MIB, 1);
        d.collectNow(0, 0, 44 * MIB);
        d.collectNow(10, 1, 46 * MIB);
        assertThat(d.collectNow(10, 1, 46 * MIB)).as("an answer still in flight").isFalse();
        assertThat(d.collectNow(10, 0, 46 * MIB)).as("2 MiB of growth: not worth a pause").isFalse();
        assertThat(d.collectNow(10, 0, 46 * MIB)).as("the burst is over either way").isFalse();
        d.collectNow(11, 0, 52 * MIB);
        assertThat(d.collectNow(11, 0, 52 * MIB)).as("measured from the last resting size, 46 MiB").isTrue();
    }

    @Test
    void aBurstBeforeAnyRestingCheckIsCollectedAfter() {
        BurstMemoryReturn.Decision d = new BurstMemoryReturn.Decision(4 * MIB, 1);
        assertThat(d.collectNow(300, 0, 60 * MIB)).isFalse();
        assertThat(d.collectNow(300, 0, 60 * MIB)).isTrue();
    }

    @Test
    void waitsTheChecksTheHistoryNeedsAndStartsOverAtEachRequest() {
        BurstMemoryReturn.Decision d = new BurstMemoryReturn.Decision(4 * MIB, 3);
        d.collectNow(0, 0, 44 * MIB);
        d.collectNow(50, 0, 60 * MIB);
        assertThat(d.collectNow(50, 0, 60 * MIB)).as("first quiet check").isFalse();
        assertThat(d.collectNow(50, 0, 60 * MIB)).as("second").isFalse();
        assertThat(d.collectNow(51, 0, 60 * MIB)).as("one more request: the count starts over").isFalse();
        assertThat(d.collectNow(51, 0, 60 * MIB)).isFalse();
        assertThat(d.collectNow(51, 0, 60 * MIB)).isFalse();
        assertThat(d.collectNow(51, 0, 60 * MIB)).as("third quiet check in a row").isTrue();
    }

    @Test
    void quietChecksCoverTheQuietPeriodAndTheHistory() {
        assertThat(BurstMemoryReturn.quietChecksNeeded(Duration.ofSeconds(30), Duration.ofMinutes(2))).isEqualTo(4);
        assertThat(BurstMemoryReturn.quietChecksNeeded(Duration.ofSeconds(30), Duration.ofSeconds(100))).isEqualTo(4);
        assertThat(BurstMemoryReturn.quietChecksNeeded(Duration.ofSeconds(30), Duration.ofSeconds(10))).isEqualTo(1);
        assertThat(BurstMemoryReturn.quietChecksNeeded(Duration.ofSeconds(5), Duration.ofSeconds(30))).isEqualTo(6);
    }

    @Test
    void refusesANegativeGrowth() {
        assertThatThrownBy(() -> new BurstMemoryReturn.Decision(-1, 1))
                .hasMessageContaining("cadvisor.limits.memory-return-min-growth");
    }
}
