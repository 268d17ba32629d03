package io.jcadvisor.edge;

import java.util.Locale;

/**
 * Tells a client's doing (it closed or reset the connection, or sent its body too slowly) from the
 * agent's own faults, by the exception chain or message a library logs. The kinds are a fixed set of
 * phrases, so they can key a {@link LogRateLimiter}.
 */
public final class ClientAborts {

    public static final String CLOSED = "client closed the connection mid-request";
    public static final String RESET = "client reset the connection";
    public static final String READ_TIMEOUT = "client sent its request body too slowly";

    private static final int MAX_DEPTH = 10;

    private ClientAborts() {
    }

    /** The kind of client abort behind a log record, or {@code null} when it is none. */
    public static String kind(Throwable thrown, String message) {
        String byMessage = kindOfMessage(message);
        if (byMessage != null) {
            return byMessage;
        }
        Throwable t = thrown;
        for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause()) {
            String name = t.getClass().getSimpleName();
            // by name: Vert.x and Netty types, without importing their internals
            if (name.equals("HttpClosedException") || name.endsWith("ClosedChannelException")) {
                return CLOSED;
            }
            String kind = kindOfMessage(t.getMessage());
            if (kind != null) {
                return kind;
            }
        }
        return null;
    }

    private static String kindOfMessage(String message) {
        if (message == null) {
            return null;
        }
        for (String kind : new String[] {CLOSED, RESET, READ_TIMEOUT}) {
            if (message.contains(kind)) {
                return kind;
            }
        }
        String m = message.toLowerCase(Locale.ROOT);
        if (m.contains("connection reset") || m.contains("broken pipe")) {
            return RESET;
        }
        if (m.contains("connection was closed") || m.contains("closed the connection") || m.startsWith("failed to write")
                || m.contains("connection has been closed") || m.contains("stream was closed")) {
            return CLOSED;
        }
        if (m.contains("read timed out")) {
            return READ_TIMEOUT;
        }
        return null;
    }
}
