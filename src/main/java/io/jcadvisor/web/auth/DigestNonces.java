package io.jcadvisor.web.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server nonces of Digest auth, bounded in memory: at most {@link #CAPACITY} live at once (a new
 * one pushes out the oldest) and each is good for {@link #LIFETIME} after it was issued. For each
 * nonce the highest nonce count ({@code nc}) seen so far is kept, so a replayed request is refused.
 * Thread-safe.
 */
public final class DigestNonces {

    /** Nonces kept at most: one per browser session, a few per client. */
    public static final int CAPACITY = 1024;
    /** How long a nonce is accepted; an older one is answered {@code stale=true}. */
    public static final Duration LIFETIME = Duration.ofMinutes(5);

    /** What a nonce and count are worth. */
    public enum Verdict {
        /** Known, fresh, and the count is above every count seen: accept. */
        OK,
        /** Unknown (expired and dropped, pushed out, or from before a restart) or too old: new nonce, same credentials. */
        STALE,
        /** The count was already seen: a replay. */
        REPLAYED
    }

    private static final class State {
        final Instant issued;
        long lastCount;

        State(Instant issued) {
            this.issued = issued;
        }
    }

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, State> nonces = new LinkedHashMap<>();

    public DigestNonces(Clock clock) {
        this.clock = clock;
    }

    /** A fresh random nonce (32 hex digits), remembered. */
    public synchronized String issue() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String nonce = HexFormat.of().formatHex(bytes);
        expire();
        if (nonces.size() >= CAPACITY) {
            Iterator<String> oldest = nonces.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        nonces.put(nonce, new State(clock.instant()));
        return nonce;
    }

    /**
     * Checks a nonce and its count from a request whose digest already proved the credentials, and
     * records the count when accepted.
     */
    public synchronized Verdict use(String nonce, long count) {
        expire();
        State state = nonces.get(nonce);
        if (state == null) {
            return Verdict.STALE;
        }
        if (count <= state.lastCount) {
            return Verdict.REPLAYED;
        }
        state.lastCount = count;
        return Verdict.OK;
    }

    /** Live nonces now. */
    public synchronized int size() {
        expire();
        return nonces.size();
    }

    /** Drops expired nonces; they are in issue order, so only the head needs looking at. */
    private void expire() {
        Instant oldest = clock.instant().minus(LIFETIME);
        Iterator<State> it = nonces.values().iterator();
        while (it.hasNext()) {
            if (it.next().issued.isBefore(oldest)) {
                it.remove();
            } else {
                break;
            }
        }
    }
}
