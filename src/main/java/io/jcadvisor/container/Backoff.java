package io.jcadvisor.container;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * When to try an unreachable runtime daemon again: after {@code min}, then twice as long after each
 * further failure, at most {@code max}; back to {@code min} once it answers. Time comes from the
 * injected clock, so a test advances it instead of sleeping. Not thread-safe: the connection that owns
 * it holds its own lock.
 */
public final class Backoff {

    private final Clock clock;
    private final Duration min;
    private final Duration max;
    private Duration next;
    private Instant retryAt = Instant.MIN;

    public Backoff(Clock clock, Duration min, Duration max) {
        if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < min <= max: " + min + ", " + max);
        }
        this.clock = clock;
        this.min = min;
        this.max = max;
        this.next = min;
    }

    /**
     * One more failure: the next attempt is due after the current delay, which then doubles.
     *
     * @return the delay until the next attempt
     */
    public Duration failed() {
        Duration delay = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(max) > 0 ? max : doubled;
        retryAt = clock.instant().plus(delay);
        return delay;
    }

    /** The daemon answered: the next outage starts again at {@code min}. */
    public void succeeded() {
        next = min;
        retryAt = Instant.MIN;
    }

    /** Whether the delay since the last failure has passed (true before any failure). */
    public boolean due() {
        return !clock.instant().isBefore(retryAt);
    }
}
