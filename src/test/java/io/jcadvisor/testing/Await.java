package io.jcadvisor.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

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
}
