package io.jcadvisor.edge;

import io.jcadvisor.testing.SettableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class LogRateLimiterTest {

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-05T00:00:00Z"));
    private final LogRateLimiter limiter = new LogRateLimiter(Duration.ofMinutes(1), clock);

    @Test
    void oneLinePerKindPerWindowCarryingTheCountOfTheSuppressed() {
        assertThat(limiter.admit("reset")).isZero();
        for (int i = 0; i < 999; i++) {
            assertThat(limiter.admit("reset")).isEqualTo(-1);
        }
        clock.advance(Duration.ofSeconds(59));
        assertThat(limiter.admit("reset")).isEqualTo(-1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(limiter.admit("reset")).as("the next window reports the 1,000 held back").isEqualTo(1000);
        assertThat(limiter.admit("reset")).isEqualTo(-1);
    }

    @Test
    void kindsAreCountedApart() {
        assertThat(limiter.admit("reset")).isZero();
        assertThat(limiter.admit("closed")).isZero();
        assertThat(limiter.admit("closed")).isEqualTo(-1);
        assertThat(limiter.admit("reset")).isEqualTo(-1);
    }

    @Test
    void theNumberOfKindsIsBounded() {
        for (int i = 0; i < LogRateLimiter.MAX_KINDS; i++) {
            assertThat(limiter.admit("kind " + i)).isZero();
        }
        assertThat(limiter.admit("one too many")).isEqualTo(-1);
        clock.advance(Duration.ofMinutes(5));
        assertThat(limiter.admit("one too many")).isEqualTo(-1);
        assertThat(limiter.admit("kind 0")).isZero();
    }
}
