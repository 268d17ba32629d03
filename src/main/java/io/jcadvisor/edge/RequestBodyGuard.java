package io.jcadvisor.edge;

import io.jcadvisor.config.CadvisorConfig;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;

/**
 * Every request body is read on the event loop, whole, before any resource runs, so a client that
 * sends its body slowly holds a connection but never a worker thread (the REST layer would otherwise
 * read it with blocking I/O on a worker, for up to {@code quarkus.http.read-timeout}):
 * <ul>
 * <li>framing the server does not understand ({@code Transfer-Encoding} other than {@code chunked},
 * which Netty would read as "no body" and the rest as a next request) is refused with 400 and the
 * connection closed (RFC 9112 §6.1);
 * <li>a request line with a version other than {@code HTTP/1.0} or {@code HTTP/1.1} (such as
 * {@code HTTP/2.0}, which Netty would otherwise answer as if it were one) is refused with 505;
 * <li>a body over {@code quarkus.http.limits.max-body-size} is refused with 413;
 * <li>a body not complete within {@code cadvisor.limits.body-read-timeout} is answered 408 and the
 * connection closed.
 * </ul>
 * A request without a body passes straight through.
 */
@ApplicationScoped
public class RequestBodyGuard {

    /** Marks a request already guarded: a rerouted request ({@code url_base_prefix}) comes by again. */
    private static final String GUARDED = "jcadvisor.edge.body-guarded";

    private final Duration timeout;
    private final long maxBytes;
    private final BodyHandler bodies;

    public RequestBodyGuard(CadvisorConfig config,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize max) {
        this.timeout = config.limits().bodyReadTimeout();
        this.maxBytes = max.asLongValue();
        this.bodies = BodyHandler.create(false).setBodyLimit(maxBytes).setHandleFileUploads(false)
                .setMergeFormAttributes(false);
    }

    void install(@Observes Router router) {
        router.route().order(RouteOrder.BODY).handler(this::guard);
    }

    void guard(RoutingContext rc) {
        if (rc.get(GUARDED) != null) {
            rc.next();
            return;
        }
        rc.put(GUARDED, Boolean.TRUE);
        HttpServerRequest request = rc.request();
        String encoding = request.getHeader(HttpHeaders.TRANSFER_ENCODING);
        if (encoding != null && !encoding.trim().equalsIgnoreCase("chunked")) {
            rc.response().putHeader(HttpHeaders.CONNECTION, "close");
            PlainText.answer(rc.response(), 400, "unsupported Transfer-Encoding \"" + printable(encoding)
                    + "\": only chunked is understood");
            // what follows the head cannot be framed: never read it as a next request
            request.connection().close();
            return;
        }
        if (request.version() == null) {
            rc.response().putHeader(HttpHeaders.CONNECTION, "close");
            PlainText.answer(rc.response(), 505, "HTTP version not supported: the request line must end in"
                    + " HTTP/1.0 or HTTP/1.1 (HTTP/2 is negotiated, never sent as a request line)");
            request.connection().close();
            return;
        }
        if (!hasBody(request)) {
            rc.next();
            return;
        }
        long timer = rc.vertx().setTimer(Math.max(1, timeout.toMillis()), id -> tooSlow(rc));
        rc.addEndHandler(done -> rc.vertx().cancelTimer(timer));
        bodies.handle(rc);
    }

    private void tooSlow(RoutingContext rc) {
        if (rc.request().isEnded() || rc.response().ended()) {
            return;
        }
        rc.response().putHeader(HttpHeaders.CONNECTION, "close");
        PlainText.answer(rc.response(), 408, "request body not received within " + timeout.toMillis()
                + " ms (cadvisor.limits.body-read-timeout)");
        rc.response().close();
    }

    /** Whether a body follows the head: a positive or unparsable Content-Length, or chunks. */
    static boolean hasBody(HttpServerRequest request) {
        if (request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
            return true;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return length != null && !length.trim().equals("0");
    }

    /** A header value as it may appear in a message: printable ASCII, at most 40 characters. */
    static String printable(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length() && out.length() < 40; i++) {
            char c = value.charAt(i);
            out.append(c >= 0x20 && c < 0x7f && c != '"' ? c : '?');
        }
        return out.toString();
    }
}
