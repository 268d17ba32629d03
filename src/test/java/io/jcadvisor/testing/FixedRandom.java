package io.jcadvisor.testing;

import java.util.random.RandomGenerator;

/** A "random" source that always draws the same fraction, to pin jitter at its bounds. */
public record FixedRandom(double fraction) implements RandomGenerator {

    @Override
    public long nextLong() {
        return (long) (fraction * Long.MAX_VALUE);
    }

    @Override
    public double nextDouble() {
        return fraction;
    }
}
