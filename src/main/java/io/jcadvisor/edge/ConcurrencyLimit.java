package io.jcadvisor.edge;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.Optional;

/**
 * A count of things in flight (event streams, heavy answers) that refuses instead of waiting, so a
 * caller on the event loop never blocks. Each granted {@link Permit} is given back once, however many
 * times it is closed (a response can end and its connection close).
 */
public final class ConcurrencyLimit {

    private final String name;
    private final int max;
    private final AtomicInteger inUse = new AtomicInteger();

    /** @param max permits at once; {@code <= 0} refuses everything (the feature is off). */
    public ConcurrencyLimit(String name, int max) {
        this.name = name;
        this.max = max;
    }

    /** A permit, or empty when {@code max} are in use. */
    public Optional<Permit> tryAcquire() {
        while (true) {
            int now = inUse.get();
            if (now >= max) {
                return Optional.empty();
            }
            if (inUse.compareAndSet(now, now + 1)) {
                return Optional.of(new Permit());
            }
        }
    }

    /** Permits in use now. */
    public int inUse() {
        return inUse.get();
    }

    public int max() {
        return max;
    }

    public String name() {
        return name;
    }

    /** One granted slot; {@link #close()} gives it back, the first time only. */
    public final class Permit implements AutoCloseable {
        private final AtomicBoolean released = new AtomicBoolean();

        private Permit() {
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                inUse.decrementAndGet();
            }
        }
    }
}
