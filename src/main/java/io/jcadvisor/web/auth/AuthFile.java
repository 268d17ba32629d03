package io.jcadvisor.web.auth;

import io.jcadvisor.host.AgentFiles;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * An htpasswd or htdigest file, parsed, and parsed again when it changes, as upstream's library
 * does (it compares the modification time on each request): an edited file or a rotated Kubernetes
 * secret takes effect without a restart. The file is looked at at most once per
 * {@link #CHECK_INTERVAL}, by the request that finds the interval over.
 *
 * <p>At start a missing or unreadable file is fatal, naming the key and the file. Later, a file that
 * cannot be read keeps the last users it had, with one warning until it can be read again: a secret
 * being rewritten must not lock everyone out or let everyone in.
 *
 * @param <T> the parsed file
 */
final class AuthFile<T> implements Supplier<T> {

    private static final Logger LOG = Logger.getLogger(AuthFile.class);

    /** Longest a change waits to be seen. */
    static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);

    private final String key;
    private final String path;
    private final Function<String, T> parser;
    private final Function<T, List<String>> warnings;
    private final Clock clock;
    private volatile T current;
    private Object version;
    private Instant checkedAt;
    private boolean failing;

    /**
     * Reads and parses the file now.
     *
     * @param key      the option naming the file, for messages
     * @param warnings the parse warnings of a parsed file, logged at each load
     * @throws IllegalStateException naming the key, the file and the reason, when it cannot be read
     */
    AuthFile(String key, String path, Function<String, T> parser, Function<T, List<String>> warnings, Clock clock) {
        this.key = key;
        this.path = path;
        this.parser = parser;
        this.warnings = warnings;
        this.clock = clock;
        try {
            load();
        } catch (IOException e) {
            // the message says it all: no cause, so start-up fails without a second trace
            throw new IllegalStateException(message(e));
        }
        checkedAt = clock.instant();
    }

    /** The file as last read, read again first when the interval is over and it changed. */
    @Override
    public T get() {
        reloadIfChanged();
        return current;
    }

    private synchronized void reloadIfChanged() {
        Instant now = clock.instant();
        if (now.isBefore(checkedAt.plus(CHECK_INTERVAL))) {
            return;
        }
        checkedAt = now;
        try {
            if (!AgentFiles.version(path).equals(version)) {
                load();
                LOG.infof("UI auth: %s changed, read again", path);
            }
            failing = false;
        } catch (IOException e) {
            if (!failing) {
                failing = true;
                LOG.warnf("UI auth: %s; the users read before stay in effect", message(e));
            }
        }
    }

    private void load() throws IOException {
        // The version first: a change while reading is then seen at the next check.
        Object seen = AgentFiles.version(path);
        T parsed = parser.apply(AgentFiles.read(path));
        for (String warning : warnings.apply(parsed)) {
            LOG.warnf("UI auth file %s: %s", path, warning);
        }
        current = parsed;
        version = seen;
    }

    private String message(IOException e) {
        return key + ": cannot read " + path + ": " + AgentFiles.reason(e);
    }
}
