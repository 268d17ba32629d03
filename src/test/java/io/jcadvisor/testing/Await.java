package io.jcadvisor.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls a condition for asynchronous components (the inotify watch); logic tests never need it. */
public final class Await {

    private Await() {
    }

    /** How long it took until the condition held, or empty-handed failure after {@code limit}. */
    public static Duration until(Duration limit, BooleanSupplier condition) {
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + limit);
            }
            LockSupport.parkNanos(2_000_000);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /**
     * Polls a value every {@code interval} until it satisfies {@code done} and answers it; fails after
     * {@code limit} naming the last value. For conditions that are costly to ask (a browser round trip).
     */
    public static <T> T poll(Duration limit, Duration interval, Supplier<T> value, Predicate<T> done) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            T current = value.get();
            if (done.test(current)) {
                return current;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + limit + ", last value: " + current);
            }
            LockSupport.parkNanos(interval.toNanos());
        }
    }
}
