package io.jcadvisor.edge;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lets one log line per kind through per window and counts the rest, so a flood of the same event
 * (clients that go away mid-request) costs a few lines a minute, each saying how many it stands for.
 * Pure apart from the clock: no thread, no timer; the count of a quiet kind's last window is reported
 * with its next occurrence.
 */
public final class LogRateLimiter {

    /** Kinds tracked at most; a kind beyond them is always suppressed (kinds come from a fixed set). */
    static final int MAX_KINDS = 64;

    private final Duration window;
    private final Clock clock;
    private final Map<String, Window> kinds = new ConcurrentHashMap<>();

    public LogRateLimiter(Duration window, Clock clock) {
        this.window = window;
        this.clock = clock;
    }

    /**
     * One occurrence of {@code kind}: when it is to be logged, the number of occurrences suppressed
     * since the last one logged (0 the first time); when it is to be suppressed, {@code -1}.
     */
    public long admit(String kind) {
        Window w = kinds.get(kind);
        if (w == null) {
            if (kinds.size() >= MAX_KINDS) {
                return -1;
            }
            w = kinds.computeIfAbsent(kind, k -> new Window());
        }
        synchronized (w) {
            Instant now = clock.instant();
            if (w.lastLogged == null || !now.isBefore(w.lastLogged.plus(window))) {
                long suppressed = w.suppressed;
                w.suppressed = 0;
                w.lastLogged = now;
                return suppressed;
            }
            w.suppressed++;
            return -1;
        }
    }

    private static final class Window {
        Instant lastLogged;
        long suppressed;
    }
}
