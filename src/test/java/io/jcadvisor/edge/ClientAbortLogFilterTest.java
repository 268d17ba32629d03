package io.jcadvisor.edge;

import io.jcadvisor.testing.SettableClock;
import io.vertx.core.http.HttpClosedException;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.assertj.core.api.Assertions.assertThat;

class ClientAbortLogFilterTest {

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-05T00:00:00Z"));
    private final ClientAbortLogFilter filter = new ClientAbortLogFilter(
            new LogRateLimiter(ClientAbortLogFilter.WINDOW, clock));

    @Test
    void recognisesWhatLibrariesLogWhenAClientGoesAway() {
        assertThat(ClientAborts.kind(new HttpClosedException("Connection was closed"), null)).isEqualTo(ClientAborts.CLOSED);
        assertThat(ClientAborts.kind(new RuntimeException(new ClosedChannelException()), "x")).isEqualTo(ClientAborts.CLOSED);
        assertThat(ClientAborts.kind(new IOException("Connection reset by peer"), null)).isEqualTo(ClientAborts.RESET);
        assertThat(ClientAborts.kind(new IOException("Broken pipe"), null)).isEqualTo(ClientAborts.RESET);
        assertThat(ClientAborts.kind(new IOException("Read timed out"), null)).isEqualTo(ClientAborts.READ_TIMEOUT);
        assertThat(ClientAborts.kind(null, "Failed to write a response")).isEqualTo(ClientAborts.CLOSED);
        assertThat(ClientAborts.kind(new IllegalStateException("our own bug"), "internal error")).isNull();
        assertThat(ClientAborts.kind(null, null)).isNull();
    }

    @Test
    void aFloodOfAbortsBecomesOneInfoLinePerMinuteWithoutAStackTrace() {
        LogRecord first = error("Failed to write", new HttpClosedException("Connection was closed"));
        assertThat(filter.isLoggable(first)).isTrue();
        assertThat(first.getLevel()).isEqualTo(Level.INFO);
        assertThat(first.getThrown()).isNull();
        assertThat(((ExtLogRecord) first).getFormattedMessage()).contains(ClientAborts.CLOSED).contains("0 more");
        for (int i = 0; i < 499; i++) {
            assertThat(filter.isLoggable(error("Failed to write", new HttpClosedException("x")))).isFalse();
        }
        clock.advance(Duration.ofMinutes(1));
        LogRecord next = error("Unhandled exception", new HttpClosedException("Connection was closed"));
        assertThat(filter.isLoggable(next)).isTrue();
        assertThat(((ExtLogRecord) next).getFormattedMessage()).contains("499 more");
    }

    @Test
    void aFormattedMessageIsJudgedAsPrinted() {
        ExtLogRecord first = new ExtLogRecord(org.jboss.logmanager.Level.INFO, "HTTP: %s", ExtLogRecord.FormatStyle.PRINTF,
                ClientAbortLogFilterTest.class.getName());
        first.setParameters(new Object[] {ClientAborts.RESET});
        assertThat(filter.isLoggable(first)).isTrue();
        ExtLogRecord second = new ExtLogRecord(org.jboss.logmanager.Level.INFO, "HTTP: %s", ExtLogRecord.FormatStyle.PRINTF,
                ClientAbortLogFilterTest.class.getName());
        second.setParameters(new Object[] {ClientAborts.RESET});
        assertThat(filter.isLoggable(second)).isFalse();
    }

    @Test
    void otherRecordsPassUntouched() {
        IllegalStateException bug = new IllegalStateException("our own bug");
        LogRecord record = error("internal error answering a request", bug);
        assertThat(filter.isLoggable(record)).isTrue();
        assertThat(record.getLevel()).isEqualTo(org.jboss.logmanager.Level.ERROR);
        assertThat(record.getThrown()).isSameAs(bug);
    }

    private static LogRecord error(String message, Throwable thrown) {
        ExtLogRecord record = new ExtLogRecord(org.jboss.logmanager.Level.ERROR, message, ExtLogRecord.FormatStyle.NO_FORMAT,
                ClientAbortLogFilterTest.class.getName());
        record.setThrown(thrown);
        return record;
    }
}
