package io.jcadvisor.edge;

import io.netty.channel.EventLoopGroup;
import io.quarkus.logging.Log;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.QuarkusBindException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.value.registry.ValueRegistry;
import io.quarkus.vertx.http.HttpServer;
import io.quarkus.vertx.http.ManagementInterface;
import io.quarkus.vertx.http.runtime.management.ManagementConfig;
import io.quarkus.vertx.http.runtime.options.HttpServerCommonHandlers;
import io.smallrye.config.SmallRyeConfig;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.impl.VertxThread;
import io.vertx.core.spi.transport.Transport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.config.ConfigProvider;

import java.net.BindException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The management port ({@code quarkus.management.host}, {@code quarkus.management.port}; in tests
 * {@code quarkus.management.test-port}): Quarkus' management router ({@code /q/health/live},
 * {@code /q/health/ready}, Micrometer's {@code /q/metrics}) served on an event loop of its own, the
 * {@code jcadvisor-probes} thread, so that nothing a client does on the main port can make a probe
 * wait.
 *
 * <p>Why not Quarkus' own listener: it serves the management router on one of Vert.x' event loops,
 * the same ones that accept, parse, refuse and close the main port's connections. A burst there (3,000
 * connections reset by their clients: {@code HostileClientsIT}) kept both loops busy for 100-400 ms, and
 * the probe that arrived then waited that long. Quarkus' listener is therefore off
 * ({@code quarkus.management.host-enabled=false}, which still builds the router) and this bean listens
 * in its place, with the same keys: the accepted connections of this server are registered on its own
 * loop (Vert.x hands a server's connections to the event loop of the context it listens from). Only
 * Vert.x' acceptor thread, which does no more than accept, is still shared with the main port.
 *
 * <p>The management port stays plain HTTP (README, "Probes: the management port"): TLS keys for it are
 * refused at start rather than ignored.
 */
@ApplicationScoped
public class ManagementServer {

    /** Name of the management port's event loop thread. */
    public static final String THREAD = "jcadvisor-probes";
    /** Vert.x' switch for WebSocket handling on its HTTP servers (read once, by its first server). */
    private static final String DISABLE_WEBSOCKETS = "vertx.disableWebsockets";
    /** Longest wait for the bind at start. */
    private static final long BIND_TIMEOUT_SECONDS = 10;

    private final Vertx vertx;
    private final Instance<ValueRegistry> values;
    private EventLoopGroup loop;
    private io.vertx.core.http.HttpServer server;

    public ManagementServer(Vertx vertx, Instance<ValueRegistry> values) {
        this.vertx = vertx;
        this.values = values;
    }

    /** Quarkus fires this once its management router has every route; the port is bound before it returns. */
    void listen(@Observes ManagementInterface management) {
        ManagementConfig config = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class)
                .getConfigMapping(ManagementConfig.class);
        refuseTls(config);
        HttpServerOptions options = options(config, LaunchMode.current());
        // the REST layer's body limit makes Quarkus pause requests until a handler resumes them; the same
        // wrapper as Quarkus' own management listener resumes them and gives each request a duplicated context
        boolean mustResume = ConfigProvider.getConfig()
                .getOptionalValue("quarkus.http.limits.max-body-size", String.class).isPresent();
        Handler<HttpServerRequest> handler = HttpServerCommonHandlers.enforceDuplicatedContext(management.router(),
                mustResume);
        // Vert.x reads this once, when its first HTTP server is made, and Quarkus sets it only as it starts the
        // main port, after this: without it Vert.x answers a request line of another HTTP version (HTTP/2.0)
        // with its own 501 before any route, where RequestBodyGuard answers 505 in plain text. The agent
        // serves no WebSocket, so Quarkus would set it to true as well.
        if (!System.getProperties().containsKey(DISABLE_WEBSOCKETS)) {
            System.setProperty(DISABLE_WEBSOCKETS, "true");
        }
        VertxInternal vx = (VertxInternal) vertx;
        loop = vx.transport().eventLoopGroup(Transport.IO_EVENT_LOOP_GROUP, 1, ManagementServer::thread, 50);
        ContextInternal context = vx.createEventLoopContext(loop.next(), null,
                Thread.currentThread().getContextClassLoader());
        CompletableFuture<io.vertx.core.http.HttpServer> bound = new CompletableFuture<>();
        context.runOnContext(v -> vertx.createHttpServer(options).requestHandler(handler).listen()
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        bound.complete(ar.result());
                    } else {
                        bound.completeExceptionally(ar.cause());
                    }
                }));
        try {
            server = bound.get(BIND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw bindFailure(options, e.getCause());
        } catch (TimeoutException | InterruptedException e) {
            throw new IllegalStateException("The management interface on " + options.getHost() + ":"
                    + options.getPort() + " was not bound within " + BIND_TIMEOUT_SECONDS + " s", e);
        }
        publish(server.actualPort());
        Log.infof("Management interface listening on http://%s:%d, on an event loop of its own (%s)",
                options.getHost(), server.actualPort(), THREAD);
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (server != null) {
            server.close();
        }
        if (loop != null) {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    /** The port actually bound (a configured {@code 0} picks a free one), or -1 before the bind. */
    public int port() {
        return server == null ? -1 : server.actualPort();
    }

    /** Quarkus' own listener's server options that apply to a plain-HTTP management port. */
    static HttpServerOptions options(ManagementConfig config, LaunchMode mode) {
        HttpServerOptions options = new HttpServerOptions()
                .setHost(config.host())
                .setPort(config.determinePort(mode))
                .setIdleTimeout((int) config.idleTimeout().toMillis())
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setMaxHeaderSize(config.limits().maxHeaderSize().asBigInteger().intValueExact())
                .setMaxInitialLineLength(config.limits().maxInitialLineLength())
                .setMaxChunkSize(config.limits().maxChunkSize().asBigInteger().intValueExact())
                .setAcceptBacklog(config.acceptBacklog())
                .setHandle100ContinueAutomatically(config.handle100ContinueAutomatically());
        return options;
    }

    /**
     * A port in use as Quarkus reports its own ({@link QuarkusBindException}: one line naming the port, no
     * stack trace); any other failure names the keys.
     */
    static RuntimeException bindFailure(HttpServerOptions options, Throwable cause) {
        String message = String.valueOf(cause.getMessage());
        if (cause instanceof BindException || message.contains("Address already in use")) {
            BindException bind = cause instanceof BindException b ? b : new BindException(message);
            return new IllegalStateException(new QuarkusBindException(options.getHost(), options.getPort(), bind));
        }
        return new ConfigurationException("Unable to start the management interface on " + options.getHost() + ":"
                + options.getPort() + " (quarkus.management.host, quarkus.management.port): " + message,
                Set.of("quarkus.management.host", "quarkus.management.port"));
    }

    /** The management port is plain HTTP; a key asking for TLS on it would otherwise be ignored. */
    static void refuseTls(ManagementConfig config) {
        String key = config.tlsConfigurationName().isPresent() ? "quarkus.management.tls-configuration-name"
                : config.ssl().certificate().files().isPresent() ? "quarkus.management.ssl.certificate.files"
                : config.ssl().certificate().keyStoreFile().isPresent() ? "quarkus.management.ssl.certificate.key-store-file"
                : null;
        if (key != null) {
            throw new ConfigurationException(key + " is set, but the management port (quarkus.management.port) is"
                    + " served in plain HTTP only, for the kubelet's probes: remove the key (README, \"Probes: the"
                    + " management port\")", Set.of(key));
        }
    }

    /** Where tests and {@code HttpServer#getManagementPort()} look for the port Quarkus' listener would have bound. */
    private void publish(int port) {
        if (!values.isResolvable()) {
            return;
        }
        ValueRegistry registry = values.get();
        registry.register(HttpServer.MANAGEMENT_PORT, port);
        if (LaunchMode.current().isDevOrTest()) {
            registry.register(HttpServer.MANAGEMENT_TEST_PORT, port);
        }
    }

    private static Thread thread(Runnable task) {
        // a Vert.x thread, so Vert.x runs the context's tasks on it as on its own event loops
        VertxThread thread = new VertxThread(task, THREAD, false, 2, TimeUnit.SECONDS);
        thread.setDaemon(true);
        return thread;
    }
}
