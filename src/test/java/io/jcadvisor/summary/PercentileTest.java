package io.jcadvisor.summary;

import io.jcadvisor.info.v2.Percentiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class PercentileTest {

    private static final long[] TENS = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};

    @ParameterizedTest
    @CsvSource({
            // x = p(n+1) = 5.5 -> s[5] + .5 (s[6] - s[5])
            "0.5, 55",
            // x = 9.9 -> s[9] + .9 (s[10] - s[9])
            "0.9, 99",
            // x = 10.45, i = n -> s[n]
            "0.95, 100",
            // x = 1.1, i = 1 is not interpolated
            "0.1, 10",
            "0.01, 10"})
    void nearestRankWithInterpolationInside(double p, long expected) {
        assertThat(Percentile.of(TENS, p)).isEqualTo(expected);
    }

    @Test
    void truncatesTheInterpolatedValue() {
        long[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertThat(Percentile.of(sorted, 0.5)).isEqualTo(5);
        assertThat(Percentile.of(sorted, 0.9)).isEqualTo(9);
    }

    @Test
    void smallWindows() {
        assertThat(Percentile.of(new long[0], 0.5)).isZero();
        assertThat(Percentile.of(new long[] {7}, 0.9)).isEqualTo(7);
        assertThat(Percentile.of(new long[] {1, 3}, 0.5)).isEqualTo(1);
        assertThat(Percentile.of(new long[] {1, 3}, 0.9)).isEqualTo(3);
    }

    @Test
    void summarizesMeanMaxStdAndCountWhateverTheOrder() {
        long[] shuffled = {70, 10, 100, 40, 20, 90, 30, 60, 50, 80};
        Percentiles p = Percentile.summarize(shuffled);
        // sample std of 10..100 is 30.28
        assertThat(p).isEqualTo(new Percentiles(true, 55, 30, 100, 55, 99, 100, 10));
        assertThat(shuffled[0]).as("input untouched").isEqualTo(70);
    }

    @Test
    void oneValueHasNoSpreadAndNoValuesAreAbsent() {
        assertThat(Percentile.summarize(new long[] {42})).isEqualTo(new Percentiles(true, 42, 0, 42, 42, 42, 42, 1));
        assertThat(Percentile.summarize(new long[0])).isEqualTo(Percentiles.ABSENT);
    }
}
