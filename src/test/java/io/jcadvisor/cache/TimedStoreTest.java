package io.jcadvisor.cache;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TimedStoreTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }

    private static TimedStore<Instant> store(Duration age, int count) {
        return new TimedStore<>(age, count, t -> t);
    }

    @Test
    void evictsByAgeRelativeToTheInsertedElementIncludingTheBoundary() {
        TimedStore<Instant> s = store(Duration.ofSeconds(10), 100);
        for (int i = 0; i <= 10; i++) {
            s.add(at(i));
        }
        // 10 - 10 = 0: the element at 0 is exactly max age old and goes
        assertThat(s.query(null, null, -1)).first().isEqualTo(at(1));
        assertThat(s.size()).isEqualTo(10);
    }

    @Test
    void keepsOldSamplesWhileNothingIsInserted() {
        TimedStore<Instant> s = store(Duration.ofSeconds(10), 100);
        s.add(at(0));
        s.add(at(5));
        // no wall clock involved: still both
        assertThat(s.size()).isEqualTo(2);
        s.add(at(100));
        assertThat(s.query(null, null, -1)).containsExactly(at(100));
    }

    @Test
    void evictsByCountKeepingTheNewest() {
        TimedStore<Instant> s = store(Duration.ofHours(1), 3);
        for (int i = 0; i < 5; i++) {
            s.add(at(i));
        }
        assertThat(s.query(null, null, -1)).containsExactly(at(2), at(3), at(4));
    }

    @Test
    void insertsOutOfOrderSamplesInPlace() {
        TimedStore<Instant> s = store(Duration.ofHours(1), 10);
        s.add(at(1));
        s.add(at(3));
        s.add(at(2));
        assertThat(s.query(null, null, -1)).containsExactly(at(1), at(2), at(3));
        assertThat(s.latest()).isEqualTo(at(3));
    }

    @Test
    void queryHonoursInclusiveRangeAndNewestCount() {
        TimedStore<Instant> s = store(Duration.ofHours(1), 100);
        for (int i = 0; i < 10; i++) {
            s.add(at(i));
        }
        assertThat(s.query(at(2), at(5), -1)).containsExactly(at(2), at(3), at(4), at(5));
        assertThat(s.query(at(2), at(5), 2)).containsExactly(at(4), at(5));
        assertThat(s.query(null, at(1), 5)).containsExactly(at(0), at(1));
        assertThat(s.query(at(8), null, -1)).containsExactly(at(8), at(9));
        assertThat(s.query(null, null, 1)).containsExactly(at(9));
        assertThat(s.query(null, null, 0)).isEmpty();
        assertThat(s.query(null, null, -1)).hasSize(10);
        assertThat(s.query(at(20), null, -1)).isEmpty();
        assertThat(s.query(at(5), at(4), -1)).isEmpty();
    }

    @Test
    void zeroCountKeepsNothing() {
        TimedStore<Instant> s = store(Duration.ofHours(1), 0);
        s.add(at(1));
        assertThat(s.query(null, null, -1)).isEmpty();
        assertThat(s.latest()).isNull();
    }

    @Test
    void newestReturnsOldestFirst() {
        TimedStore<Instant> s = store(null, 10);
        s.add(at(1));
        s.add(at(2));
        s.add(at(3));
        assertThat(s.newest(2)).isEqualTo(List.of(at(2), at(3)));
    }
}
