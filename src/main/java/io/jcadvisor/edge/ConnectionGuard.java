package io.jcadvisor.edge;

import io.jcadvisor.config.CadvisorConfig;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.HttpServerStart;
import io.quarkus.vertx.http.HttpsServerStart;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.enterprise.inject.Instance;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The main port's connection-level bounds, which Vert.x and Quarkus do not give: at most
 * {@code cadvisor.limits.max-connections} connections served at once, the next
 * {@code cadvisor.limits.over-limit-connections} answered 503 with {@code Retry-After} ({@code /healthz}
 * 200) and closed, any more closed at accept; and a deadline for each request head
 * ({@code cadvisor.limits.header-timeout}, answered 408).
 *
 * <p>Once Quarkus has bound the main port (HTTP and HTTPS), a {@link ConnectionGate} goes on the
 * listening socket; connections accepted before that (the moment between bind and this event) are
 * neither counted nor given a deadline. The first route of all tells a connection's deadline that its
 * head has arrived, and refuses the requests of an over-limit connection. Refusals and head timeouts
 * are logged once a minute per kind with a count, and counted on {@code /q/metrics}.
 */
@ApplicationScoped
public class ConnectionGuard {

    /** Marks a request whose head was already reported: a rerouted request passes here again. */
    private static final String SEEN = "jcadvisor.edge.connection-seen";

    private final ConnectionBudget budget;
    private final Duration headerTimeout;
    private final Duration retryAfter;
    private final String healthzUnderPrefix;
    private final Vertx vertx;
    private final Instance<MeterRegistry> registry;
    private final LogRateLimiter log = new LogRateLimiter(ClientAbortLogFilter.WINDOW, Clock.systemUTC());
    private final AtomicLong headTimeouts = new AtomicLong();
    private final ConnectionGate gate;

    public ConnectionGuard(CadvisorConfig config, Vertx vertx, Instance<MeterRegistry> registry) {
        CadvisorConfig.Limits limits = config.limits();
        if (limits.headerTimeout().isNegative() || limits.headerTimeout().isZero()) {
            throw new IllegalArgumentException("cadvisor.limits.header-timeout must be positive, got "
                    + limits.headerTimeout());
        }
        this.budget = new ConnectionBudget(limits.maxConnections(), limits.overLimitConnections());
        this.headerTimeout = limits.headerTimeout();
        this.retryAfter = limits.retryAfter();
        this.healthzUnderPrefix = prefix(config.urlBasePrefix().orElse("")) + "/healthz";
        this.vertx = vertx;
        this.registry = registry;
        this.gate = new ConnectionGate(budget, headerTimeout, this::headTimedOut, this::refused);
    }

    void httpStarted(@ObservesAsync HttpServerStart start) {
        guard(start.options());
    }

    void httpsStarted(@ObservesAsync HttpsServerStart start) {
        guard(start.options());
    }

    /** Puts the gate on the listening sockets of the server started with {@code options}, once. */
    synchronized void guard(HttpServerOptions options) {
        List<Channel> sockets;
        try {
            sockets = ListeningSockets.of(vertx, options);
        } catch (ReflectiveOperationException | RuntimeException e) {
            Log.errorf("HTTP port %d: no bound on connections and no request head deadline (%s)",
                    options.getPort(), e);
            return;
        }
        for (Channel socket : sockets) {
            if (socket.pipeline().get(ConnectionGate.NAME) == null) {
                socket.pipeline().addFirst(ConnectionGate.NAME, gate);
                Log.infof("HTTP port %s: at most %d connections (cadvisor.limits.max-connections), %d more answered"
                        + " 503; request heads within %d ms (cadvisor.limits.header-timeout)", socket.localAddress(),
                        budget.max(), budget.overLimit(), headerTimeout.toMillis());
            }
        }
        if (sockets.isEmpty()) {
            Log.errorf("HTTP port %d: listening socket not found; no bound on connections and no request head"
                    + " deadline", options.getPort());
        }
    }

    void meters(@Observes StartupEvent start) {
        if (!registry.isResolvable()) {
            return;
        }
        MeterRegistry meters = registry.get();
        Gauge.builder("jcadvisor.http.connections", budget, ConnectionBudget::open)
                .description("Connections open on the main port, counted against cadvisor.limits.max-connections")
                .register(meters);
        FunctionCounter.builder("jcadvisor.http.connections.refused", budget, ConnectionBudget::refused)
                .description("Connections over cadvisor.limits.max-connections whose requests were answered 503")
                .register(meters);
        FunctionCounter.builder("jcadvisor.http.connections.dropped", budget, ConnectionBudget::dropped)
                .description("Connections closed at accept, over max-connections and over-limit-connections")
                .register(meters);
        FunctionCounter.builder("jcadvisor.http.connections.reset", budget, ConnectionBudget::resetsBeforeAccept)
                .description("Connections their client had reset before they were accepted: closed at accept,"
                        + " not counted against cadvisor.limits.max-connections")
                .register(meters);
        FunctionCounter.builder("jcadvisor.http.request.head.timeouts", headTimeouts, AtomicLong::get)
                .description("Connections closed (408) for not sending a complete request head within"
                        + " cadvisor.limits.header-timeout")
                .register(meters);
    }

    /** First of all routes, ahead of the web config's access filter (priority 1) and the URL prefix. */
    void install(@Observes @Priority(0) Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::filter);
    }

    void filter(RoutingContext rc) {
        HttpConnection connection = rc.request().connection();
        RequestHeadDeadline deadline = connection instanceof ConnectionBase base
                ? RequestHeadDeadline.of(base.channel().pipeline()) : null;
        if (deadline == null) {
            rc.next();
            return;
        }
        boolean first = rc.get(SEEN) == null;
        if (first) {
            rc.put(SEEN, Boolean.TRUE);
            deadline.headReceived(rc.request().version() == HttpVersion.HTTP_2);
            rc.addEndHandler(ended -> deadline.answerEnded());
        }
        if (deadline.admission() != ConnectionBudget.Admission.REFUSE) {
            rc.next();
            return;
        }
        // an over-limit connection: one answer, then closed
        if (rc.request().version() != HttpVersion.HTTP_2) {
            rc.response().putHeader(HttpHeaders.CONNECTION, "close");
        }
        String path = rc.request().path();
        if ("/healthz".equals(path) || healthzUnderPrefix.equals(path)) {
            if (first) {
                rc.addEndHandler(ended -> connection.close());
            }
            rc.next();
            return;
        }
        PlainText.refuse(rc.response(), 503, retryAfter, "busy: " + budget.max()
                + " connections are open (cadvisor.limits.max-connections); retry later");
        connection.close();
    }

    private void headTimedOut() {
        headTimeouts.incrementAndGet();
        long suppressed = log.admit("head");
        if (suppressed >= 0) {
            Log.infof("HTTP: a client did not complete its request head within %d ms: answered 408 and closed"
                    + " (cadvisor.limits.header-timeout; %d more since the last such line, not logged)",
                    headerTimeout.toMillis(), suppressed);
        }
    }

    private void refused(ConnectionBudget.Admission admission) {
        long suppressed = log.admit(admission.name());
        if (suppressed < 0) {
            return;
        }
        if (admission == ConnectionBudget.Admission.REFUSE) {
            Log.infof("HTTP: %d connections open (cadvisor.limits.max-connections): a new one is answered 503 and"
                    + " closed (%d more since the last such line, not logged)", budget.max(), suppressed);
        } else {
            Log.infof("HTTP: %d connections open and %d more being refused (cadvisor.limits.over-limit-connections):"
                    + " a new one is closed at accept (%d more since the last such line, not logged)", budget.max(),
                    budget.overLimit(), suppressed);
        }
    }

    /** {@code cadvisor.url-base-prefix} as the URL prefix filter reads it: {@code cadvisor/} → {@code /cadvisor}. */
    static String prefix(String raw) {
        String p = raw.trim();
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.isEmpty() || p.startsWith("/") ? p : "/" + p;
    }

    /** Connections counted now (for tests and the gauge). */
    public int open() {
        return budget.open();
    }
}
