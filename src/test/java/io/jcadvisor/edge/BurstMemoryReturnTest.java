package io.jcadvisor.edge;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BurstMemoryReturnTest {

    static final long MIB = 1 << 20;

    @Test
    void collectsOnceAQuietPeriodAfterABurstWhenEnoughHeapIsFree() {
        BurstMemoryReturn.Decision d = new BurstMemoryReturn.Decision(16 * MIB);
        assertThat(d.collectNow(0, 0, 80 * MIB, 30 * MIB)).as("no burst yet").isFalse();
        assertThat(d.collectNow(500, 2, 80 * MIB, 60 * MIB)).as("burst on").isFalse();
        assertThat(d.collectNow(900, 0, 80 * MIB, 40 * MIB)).as("requests arrived during the last period").isFalse();
        assertThat(d.collectNow(900, 0, 80 * MIB, 40 * MIB)).as("a quiet period later").isTrue();
        assertThat(d.collectNow(900, 0, 80 * MIB, 40 * MIB)).as("once per burst").isFalse();
        assertThat(d.collectNow(901, 0, 80 * MIB, 40 * MIB)).as("the next burst").isFalse();
        assertThat(d.collectNow(901, 0, 80 * MIB, 40 * MIB)).isTrue();
    }

    @Test
    void waitsForTheLastHeavyAnswerAndSkipsWhenLittleWouldComeBack() {
        BurstMemoryReturn.Decision d = new BurstMemoryReturn.Decision(16 * MIB);
        d.collectNow(10, 1, 80 * MIB, 40 * MIB);
        assertThat(d.collectNow(10, 1, 80 * MIB, 40 * MIB)).as("an answer still in flight").isFalse();
        assertThat(d.collectNow(10, 0, 50 * MIB, 40 * MIB)).as("10 MiB free: not worth a pause").isFalse();
        assertThat(d.collectNow(10, 0, 60 * MIB, 40 * MIB)).as("the heap filled with garbage later").isTrue();
    }
}
