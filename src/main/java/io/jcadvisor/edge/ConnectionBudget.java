package io.jcadvisor.edge;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The count of open connections on the main port, and what a new one gets: served, answered 503
 * (over {@code max}, within {@code overLimit} more), or closed at accept. A connection admitted
 * ({@link Admission#SERVE} or {@link Admission#REFUSE}) is counted until {@link #release()} is called
 * for it, once, when its socket is closed; one closed at accept ({@link Admission#DROP}) is never
 * counted. Thread-safe, lock-free.
 */
public final class ConnectionBudget {

    /** What a new connection gets. */
    public enum Admission {
        /** Within the bound: served as usual. */
        SERVE,
        /** Over the bound: its request is read and answered 503 ({@code /healthz} 200), then it is closed. */
        REFUSE,
        /** Over the bound and the over-limit allowance too: closed at once, unanswered. */
        DROP
    }

    private final int max;
    private final int overLimit;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong resetBeforeAccept = new AtomicLong();

    /**
     * @param max connections served at once
     * @param overLimit connections beyond {@code max} still read so they can be answered
     */
    public ConnectionBudget(int max, int overLimit) {
        if (max < 1 || overLimit < 0) {
            throw new IllegalArgumentException("max-connections must be at least 1 and over-limit-connections"
                    + " at least 0, got " + max + " and " + overLimit);
        }
        this.max = max;
        this.overLimit = overLimit;
    }

    /** Counts a new connection, unless it is to be dropped, and says what it gets. */
    public Admission admit() {
        int now = open.incrementAndGet();
        if (now <= max) {
            return Admission.SERVE;
        }
        if (now - max <= overLimit) {
            refused.incrementAndGet();
            return Admission.REFUSE;
        }
        open.decrementAndGet();
        dropped.incrementAndGet();
        return Admission.DROP;
    }

    /** An admitted connection closed. */
    public void release() {
        open.decrementAndGet();
    }

    /** Connections counted now: admitted and not yet closed. */
    public int open() {
        return open.get();
    }

    /** Connections answered 503 since start. */
    public long refused() {
        return refused.get();
    }

    /** A connection its client had already reset when it was accepted: closed at once, never counted. */
    public void resetBeforeAccept() {
        resetBeforeAccept.incrementAndGet();
    }

    /** Connections reset by their client before they were accepted, since start. */
    public long resetsBeforeAccept() {
        return resetBeforeAccept.get();
    }

    /** Connections closed at accept since start. */
    public long dropped() {
        return dropped.get();
    }

    public int max() {
        return max;
    }

    public int overLimit() {
        return overLimit;
    }
}
