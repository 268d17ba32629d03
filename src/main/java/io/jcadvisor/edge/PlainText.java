package io.jcadvisor.edge;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;

import java.time.Duration;

/**
 * Answers written straight to Vert.x in the agent's error shape (upstream's {@code http.Error}):
 * {@code text/plain; charset=utf-8}, {@code nosniff}, the message plus a newline.
 */
public final class PlainText {

    public static final String TYPE = "text/plain; charset=utf-8";

    private PlainText() {
    }

    /** Ends the response with {@code status} and {@code message}, unless it has already started. */
    public static void answer(HttpServerResponse response, int status, String message) {
        if (response.ended() || response.headWritten()) {
            return;
        }
        response.setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, TYPE)
                .putHeader("X-Content-Type-Options", "nosniff")
                .end(message + "\n");
    }

    /**
     * For a route that serves only {@code served}: answers {@code OPTIONS} with {@code allow}, and any
     * other method not served with 405 and {@code allow}. True when it has answered, and the route stops.
     */
    public static boolean answeredOtherMethod(HttpServerResponse response, HttpMethod method, String allow,
            HttpMethod... served) {
        for (HttpMethod m : served) {
            if (m == method) {
                return false;
            }
        }
        response.putHeader("Allow", allow);
        if (method == HttpMethod.OPTIONS) {
            response.end();
        } else {
            answer(response, 405, "Method Not Allowed");
        }
        return true;
    }

    /** A 429 or 503 refusal of a client over a bound, with {@code Retry-After} in whole seconds. */
    public static void refuse(HttpServerResponse response, int status, Duration retryAfter, String message) {
        if (response.ended() || response.headWritten()) {
            return;
        }
        response.putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfterSeconds(retryAfter)));
        answer(response, status, message);
    }

    /** {@code Retry-After} is whole seconds; round up, and never say 0 (that invites a busy loop). */
    static long retryAfterSeconds(Duration retryAfter) {
        long seconds = retryAfter.getSeconds() + (retryAfter.getNano() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}
