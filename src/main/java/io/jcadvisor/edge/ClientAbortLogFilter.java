package io.jcadvisor.edge;

import io.quarkus.logging.LoggingFilter;
import org.jboss.logmanager.ExtLogRecord;

import java.time.Clock;
import java.time.Duration;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * Log handler filter ({@code quarkus.log.console.filter=client-aborts}): a record about a client that
 * went away ({@link ClientAborts}), which Vert.x and the REST layer log at ERROR with a stack trace, is
 * let through once per kind per minute, turned into one INFO line without the stack trace that says how
 * many it stands for; the others of that minute are dropped. Every other record passes unchanged.
 */
@LoggingFilter(name = "client-aborts")
public final class ClientAbortLogFilter implements Filter {

    static final Duration WINDOW = Duration.ofMinutes(1);

    private final LogRateLimiter limiter;

    public ClientAbortLogFilter() {
        this(new LogRateLimiter(WINDOW, Clock.systemUTC()));
    }

    ClientAbortLogFilter(LogRateLimiter limiter) {
        this.limiter = limiter;
    }

    /** The message as it will be printed: a printf or MessageFormat pattern has its parameters filled in. */
    private static String text(LogRecord record) {
        return record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        if (record.getLevel().intValue() < Level.INFO.intValue()) {
            return true;
        }
        String kind = ClientAborts.kind(record.getThrown(), text(record));
        if (kind == null) {
            return true;
        }
        long suppressed = limiter.admit(kind);
        if (suppressed < 0) {
            return false;
        }
        String message = "HTTP: " + kind + " (" + suppressed + " more since the last such line, not logged;"
                + " at most one line per kind per minute)";
        record.setLevel(Level.INFO);
        record.setThrown(null);
        record.setParameters(null);
        if (record instanceof ExtLogRecord ext) {
            ext.setMessage(message, ExtLogRecord.FormatStyle.NO_FORMAT);
        } else {
            record.setMessage(message);
        }
        return true;
    }
}
