package io.jcadvisor.edge;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ConcurrencyLimitTest {

    @Test
    void refusesPastMaxAndGivesEachPermitBackOnce() {
        ConcurrencyLimit limit = new ConcurrencyLimit("event streams", 2);
        Optional<ConcurrencyLimit.Permit> a = limit.tryAcquire();
        Optional<ConcurrencyLimit.Permit> b = limit.tryAcquire();
        assertThat(a).isPresent();
        assertThat(b).isPresent();
        assertThat(limit.tryAcquire()).isEmpty();
        a.get().close();
        a.get().close(); // the response ended and the connection closed: still one slot back
        assertThat(limit.inUse()).isEqualTo(1);
        assertThat(limit.tryAcquire()).isPresent();
        assertThat(limit.tryAcquire()).isEmpty();
    }

    @Test
    void zeroRefusesEverything() {
        assertThat(new ConcurrencyLimit("off", 0).tryAcquire()).isEmpty();
    }

    @Test
    void retryAfterIsWholeSecondsRoundedUpAndNeverZero() {
        assertThat(PlainText.retryAfterSeconds(java.time.Duration.ofMillis(1500))).isEqualTo(2);
        assertThat(PlainText.retryAfterSeconds(java.time.Duration.ofSeconds(5))).isEqualTo(5);
        assertThat(PlainText.retryAfterSeconds(java.time.Duration.ZERO)).isEqualTo(1);
    }
}
