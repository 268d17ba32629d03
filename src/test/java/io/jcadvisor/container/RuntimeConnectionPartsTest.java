package io.jcadvisor.container;

import io.jcadvisor.testing.SettableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The parts every runtime's connection shares: the acceptance cache and the reconnect backoff. */
class RuntimeConnectionPartsTest {

    @Test
    void acceptanceCacheHandsAnEntryOutOnceAndDropsTheOldestPastItsBound() {
        AcceptanceCache<String> cache = new AcceptanceCache<>(3);
        cache.put("/a", "A");
        cache.put("/b", "B");
        cache.put("/c", "C");
        cache.put("/d", "D");
        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.take("/a")).as("the oldest went, not everything").isNull();
        assertThat(cache.take("/b")).isEqualTo("B");
        assertThat(cache.take("/b")).as("taken once").isNull();

        cache.put("/c", "C2");
        cache.put("/e", "E");
        cache.put("/f", "F");
        assertThat(cache.take("/d")).as("re-put /c is younger than /d").isNull();
        assertThat(cache.take("/c")).isEqualTo("C2");
        assertThatThrownBy(() -> new AcceptanceCache<>(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void backoffDoublesUpToItsMaxOnTheClockAndResetsOnSuccess() {
        SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
        Backoff backoff = new Backoff(clock, Duration.ofSeconds(1), Duration.ofSeconds(5));
        assertThat(backoff.due()).isTrue();
        assertThat(backoff.failed()).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.due()).isFalse();
        clock.advance(Duration.ofMillis(999));
        assertThat(backoff.due()).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(backoff.due()).isTrue();
        assertThat(backoff.failed()).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.failed()).isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.failed()).as("capped").isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.failed()).isEqualTo(Duration.ofSeconds(5));
        backoff.succeeded();
        assertThat(backoff.due()).isTrue();
        assertThat(backoff.failed()).isEqualTo(Duration.ofSeconds(1));
        assertThatThrownBy(() -> new Backoff(clock, Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
