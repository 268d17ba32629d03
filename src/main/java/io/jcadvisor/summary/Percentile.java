package io.jcadvisor.summary;

import io.jcadvisor.info.v2.Percentiles;

import java.util.Arrays;

/** Pure statistics over a window of values, as upstream's derived stats compute them. */
public final class Percentile {

    private Percentile() {
    }

    /**
     * The p-th percentile of ascending values {@code s[1..n]} by upstream's rule: {@code x = p·(n+1)},
     * {@code i = floor(x)}; for {@code 1 < i < n} the value is {@code s[i] + frac(x)·(s[i+1]−s[i])},
     * truncated to an integer; otherwise {@code s[i]} clamped to the ends. 0 for no values.
     *
     * @param sorted values in ascending order
     * @param p      fraction, 0.5 for the median
     */
    public static long of(long[] sorted, double p) {
        int n = sorted.length;
        if (n == 0) {
            return 0;
        }
        double x = p * (n + 1);
        int i = (int) Math.floor(x);
        if (i <= 1) {
            return sorted[0];
        }
        if (i >= n) {
            return sorted[n - 1];
        }
        double frac = x - i;
        // s is 1-based in the rule: s[i] is sorted[i - 1]
        return sorted[i - 1] + (long) (frac * (sorted[i] - sorted[i - 1]));
    }

    /**
     * Mean, max, 50/90/95th percentiles, sample standard deviation (n−1 divisor, 0 for one value) and
     * count of a window; {@link Percentiles#ABSENT} for an empty one.
     */
    public static Percentiles summarize(long[] values) {
        int n = values.length;
        if (n == 0) {
            return Percentiles.ABSENT;
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (long v : sorted) {
            sum += v;
        }
        double mean = sum / n;
        double squares = 0;
        for (long v : sorted) {
            squares += (v - mean) * (v - mean);
        }
        long std = n > 1 ? (long) Math.sqrt(squares / (n - 1)) : 0;
        return new Percentiles(true, (long) mean, std, sorted[n - 1], of(sorted, 0.5), of(sorted, 0.9),
                of(sorted, 0.95), n);
    }
}
