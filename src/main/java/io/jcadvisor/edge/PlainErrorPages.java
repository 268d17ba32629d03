package io.jcadvisor.edge;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.quarkus.logging.Log;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.util.Locale;

/**
 * The failure handler ahead of Quarkus' own (which answers with a JSON or HTML page naming an error
 * id): a request that failed outside the REST resources (no {@code Host} header, a body over the
 * limit, an unknown request line version) gets the agent's plain-text error, naming the problem and no
 * library. A failure caused by the client going away is only counted ({@link ClientAborts}); our own
 * faults are logged, at most one line per kind per minute.
 */
@ApplicationScoped
public class PlainErrorPages {

    private final long maxBodyBytes;
    private final LogRateLimiter faults = new LogRateLimiter(ClientAbortLogFilter.WINDOW, Clock.systemUTC());

    public PlainErrorPages(
            @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize max) {
        this.maxBodyBytes = max.asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::failed);
    }

    void failed(RoutingContext rc) {
        Throwable failure = rc.failure();
        if (failure != null && ClientAborts.kind(failure, null) != null) {
            // the client is gone or too slow: nothing to answer; the log filter counts such lines
            return;
        }
        int status = rc.statusCode();
        if (status < 400 || status > 599) {
            status = 500;
        }
        if (status >= 500) {
            String kind = failure == null ? "status " + status : failure.getClass().getName();
            long suppressed = faults.admit(kind);
            if (suppressed >= 0) {
                Log.errorf(failure, "internal error answering %s %s (%d more like it in the last minute)",
                        rc.request().method(), rc.request().path(), suppressed);
            }
        }
        PlainText.answer(rc.response(), status, message(status, maxBodyBytes));
    }

    /** The plain-text body for a failure status: what went wrong, in the client's terms. */
    static String message(int status, long maxBodyBytes) {
        return switch (status) {
            case 400 -> "bad request: malformed request line or headers (HTTP/1.1 needs a Host header)";
            case 408 -> "request timed out";
            case 413 -> "request body larger than " + maxBodyBytes + " bytes (quarkus.http.limits.max-body-size)";
            case 414 -> "request line too long";
            case 431 -> "request headers too large";
            case 500 -> "internal error";
            default -> HttpResponseStatus.valueOf(status).reasonPhrase().toLowerCase(Locale.ROOT);
        };
    }
}
