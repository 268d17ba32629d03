package io.jcadvisor.web.secure;

import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts one kind of rejected connection or request (failed TLS handshakes, wrong credentials) and
 * logs them at a bounded rate: the first at once, then at most one line per {@link #INTERVAL} with
 * the number rejected since the last line, so a scanner or a misconfigured scraper cannot fill the log.
 */
final class RejectionLog {

    static final Duration INTERVAL = Duration.ofMinutes(1);
    private static final Logger LOG = Logger.getLogger(RejectionLog.class);

    private final String what;
    private final Clock clock;
    private final AtomicLong total = new AtomicLong();
    private long unlogged;
    private Instant nextLog = Instant.MIN;

    /** @param what the plural noun of a log line, e.g. "TLS handshakes failed" */
    RejectionLog(String what, Clock clock) {
        this.what = what;
        this.clock = clock;
    }

    /** Counts one rejection; logs it when the last line is older than the interval. */
    void record(String peer, String reason) {
        total.incrementAndGet();
        long suppressed;
        synchronized (this) {
            Instant now = clock.instant();
            if (now.isBefore(nextLog)) {
                unlogged++;
                return;
            }
            suppressed = unlogged;
            unlogged = 0;
            nextLog = now.plus(INTERVAL);
        }
        LOG.warnf("%s: %s (%s)%s", what, reason, peer,
                suppressed == 0 ? "" : "; " + suppressed + " more since the last line, not logged");
    }

    /** Rejections since start. */
    long total() {
        return total.get();
    }
}
