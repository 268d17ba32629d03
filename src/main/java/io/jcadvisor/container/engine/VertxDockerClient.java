package io.jcadvisor.container.engine;

import io.jcadvisor.container.EventLoopCalls;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.parsetools.RecordParser;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * {@link DockerClient} over the Engine API with Vert.x's HTTP client, on a unix socket
 * ({@code unix:///var/run/docker.sock}, needs Vert.x's native transport) or TCP
 * ({@code tcp://host:port}). Unversioned paths: the daemon answers in its own API version, and only
 * fields present since API 1.24 are read. Podman's service answers the same paths (its
 * Docker-compatible API), so the same client talks to it.
 */
public final class VertxDockerClient implements DockerClient, AutoCloseable {

    /** Bound of one event line; an event is a few hundred bytes, labels can make it a few kB. */
    private static final int MAX_LINE_BYTES = 1 << 20;
    /** Connections for long inspects; more wait in Vert.x's queue (their number is bounded by the caller). */
    private static final int SLOW_POOL = 16;
    /**
     * How often each client looks for kept-alive connections idle past Vert.x's 60 s keep-alive timeout.
     * Vert.x's default, 1 s, is a timer on the event loop every second per client, for ever, in an agent
     * that otherwise talks to the daemon a few times an hour at rest; an idle connection now lives
     * 60-75 s instead of 60-61 s.
     */
    static final Duration POOL_CLEANER_PERIOD = Duration.ofSeconds(15);

    private static final String EVENTS_URI = "/events?filters="
            + URLEncoder.encode("{\"type\":[\"container\"]}", StandardCharsets.UTF_8);

    private final Vertx vertx;
    private final HttpClient http;
    /** Long inspects of starting containers, in a pool of their own so they never queue the other calls. */
    private final HttpClient slowHttp;
    private final SocketAddress server;
    private final String endpoint;
    private final Duration timeout;
    private final EngineRuntime runtime;

    /**
     * @param endpoint {@code unix:///path} or {@code tcp://host:port}
     * @param timeout  bound of every blocking call (connect plus answer)
     * @throws IllegalArgumentException when the endpoint is neither, or a unix socket is asked for
     *                                  without the native transport
     */
    public VertxDockerClient(Vertx vertx, String endpoint, Duration timeout) {
        this(vertx, EngineRuntime.DOCKER, endpoint, timeout);
    }

    /**
     * @param runtime  the daemon behind the endpoint, for messages
     * @param endpoint {@code unix:///path} or {@code tcp://host:port}
     * @param timeout  bound of every blocking call (connect plus answer)
     */
    public VertxDockerClient(Vertx vertx, EngineRuntime runtime, String endpoint, Duration timeout) {
        this.vertx = vertx;
        this.runtime = runtime;
        this.endpoint = endpoint;
        this.timeout = timeout;
        this.server = serverAddress(endpoint, runtime.configKey() + ".endpoint");
        if (server.isDomainSocket() && !vertx.isNativeTransportEnabled()) {
            throw new IllegalArgumentException(runtime.configKey() + ".endpoint: " + endpoint
                    + " is a unix socket but Vert.x runs without its native transport"
                    + " (quarkus.vertx.prefer-native-transport=true)");
        }
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) timeout.toMillis())
                .setKeepAlive(true)
                .setPoolCleanerPeriod((int) POOL_CLEANER_PERIOD.toMillis())
                .setMaxPoolSize(8));
        this.slowHttp = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) timeout.toMillis())
                .setKeepAlive(true)
                .setPoolCleanerPeriod((int) POOL_CLEANER_PERIOD.toMillis())
                .setMaxPoolSize(SLOW_POOL));
    }

    /** Parses {@code unix:///path} and {@code tcp://host:port} into a Vert.x server address. */
    static SocketAddress serverAddress(String endpoint) {
        return serverAddress(endpoint, EngineRuntime.DOCKER.configKey() + ".endpoint");
    }

    /** As above, naming {@code key} in errors. */
    static SocketAddress serverAddress(String endpoint, String key) {
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException(key + ": not a URI: " + endpoint, e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        switch (scheme) {
            case "unix":
                if (uri.getPath() == null || uri.getPath().isEmpty()) {
                    throw new IllegalArgumentException(key + ": no socket path in " + endpoint);
                }
                return SocketAddress.domainSocketAddress(uri.getPath());
            case "tcp":
            case "http":
                if (uri.getHost() == null) {
                    throw new IllegalArgumentException(key + ": no host in " + endpoint);
                }
                return SocketAddress.inetSocketAddress(uri.getPort() < 0 ? 2375 : uri.getPort(), uri.getHost());
            default:
                throw new IllegalArgumentException(key + ": unsupported scheme in "
                        + endpoint + " (unix:// or tcp://)");
        }
    }

    /** The configured endpoint, for messages. */
    public String endpoint() {
        return endpoint;
    }

    @Override
    public DockerVersion version() throws DockerException {
        return get("/version", DockerJsonParser::version).orElseThrow(() -> new DockerException("GET /version: 404"));
    }

    @Override
    public DockerInfo info() throws DockerException {
        return get("/info", DockerJsonParser::info).orElseThrow(() -> new DockerException("GET /info: 404"));
    }

    @Override
    public Optional<DockerInspect> inspect(String id) throws DockerException {
        if (!id.matches("[A-Za-z0-9_.-]+")) {
            return Optional.empty();
        }
        return get("/containers/" + id + "/json", DockerJsonParser::inspect);
    }

    @Override
    public Optional<DockerInspect> inspect(String id, Duration timeout) throws DockerException {
        if (!id.matches("[A-Za-z0-9_.-]+")) {
            return Optional.empty();
        }
        String uri = "/containers/" + id + "/json";
        return decode(uri, getBytes(slowHttp, uri, timeout), DockerJsonParser::inspect);
    }

    @Override
    public List<DockerContainerSummary> listContainers() throws DockerException {
        return get("/containers/json", DockerJsonParser::containers)
                .orElseThrow(() -> new DockerException("GET /containers/json: 404"));
    }

    private <T> Optional<T> get(String uri, Decoder<T> decoder) throws DockerException {
        return decode(uri, getBytes(uri), decoder);
    }

    private <T> Optional<T> decode(String uri, Optional<byte[]> body, Decoder<T> decoder) throws DockerException {
        if (body.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(decoder.decode(body.get()));
        } catch (IOException e) {
            throw new DockerException("GET " + uri + ": undecodable answer: " + e.getMessage(), e);
        }
    }

    /** The body of a 200 answer, empty on 404, else an exception naming the endpoint and status. */
    private Optional<byte[]> getBytes(String uri) throws DockerException {
        return getBytes(http, uri, timeout);
    }

    /** As above, with the given client and bound. */
    private Optional<byte[]> getBytes(HttpClient client, String uri, Duration timeout) throws DockerException {
        if (io.vertx.core.Context.isOnEventLoopThread()) {
            // Waiting here would stall the very loop that has to read the answer.
            throw new DockerException("GET " + uri + ": blocking " + runtime.displayName() + " call on a Vert.x event-loop thread");
        }
        Promise<Optional<byte[]>> call = Promise.promise();
        EventLoopCalls.start(vertx, () -> client.request(request(uri).setIdleTimeout(timeout.toMillis()).setConnectTimeout(
                Math.min(timeout.toMillis(), this.timeout.toMillis())))
                .compose(req -> req.send().compose(resp -> resp.body().map(body -> {
                    if (resp.statusCode() == 200) {
                        return Optional.of(body.getBytes());
                    }
                    String message = message(body);
                    if (resp.statusCode() == 404 || noSuchContainer(message)) {
                        return Optional.<byte[]>empty();
                    }
                    throw new ErrorStatus("status " + resp.statusCode() + ": " + message);
                }))), call);
        try {
            return call.future().toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DockerException("GET " + uri + " at " + endpoint + ": interrupted", e);
        } catch (TimeoutException e) {
            throw new DockerException("GET " + uri + " at " + endpoint + ": no answer within " + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new DockerException("GET " + uri + " at " + endpoint + ": " + describe(cause), cause,
                    cause instanceof ErrorStatus);
        }
    }

    private RequestOptions request(String uri) {
        return new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setServer(server)
                // Docker ignores the host over a unix socket but HTTP/1.1 requires the header.
                .setHost(server.isDomainSocket() ? "docker" : server.host())
                .setPort(server.isDomainSocket() ? 80 : server.port())
                .setURI(uri)
                .setConnectTimeout(timeout.toMillis());
    }

    /** The {@code message} of the daemon's JSON error body, or the raw body. */
    private String message(Buffer body) {
        try {
            String message = DockerJsonParser.message(body.getBytes());
            return message != null ? message : body.toString();
        } catch (IOException e) {
            return body.toString();
        }
    }

    /** One of {@link DockerJsonParser}'s decoders. */
    @FunctionalInterface
    private interface Decoder<T> {
        T decode(byte[] body) throws IOException;
    }

    /** An answer with an error status: the daemon is there, the request failed. */
    private static final class ErrorStatus extends RuntimeException {
        ErrorStatus(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Whether an error answer means "no such container": Docker says so with a 404, but Podman 4
     * answers 500 "container … does not exist in database: no such container" for a container
     * removed while it is being asked about (after its {@code die} event).
     */
    static boolean noSuchContainer(String message) {
        return message != null && message.toLowerCase(java.util.Locale.ROOT).contains("no such container");
    }

    private String describe(Throwable t) {
        if (t instanceof java.io.FileNotFoundException) {
            // What netty reports for connect(2) ENOENT on a unix socket path.
            return "no such socket (is " + runtime.daemon() + " running?)";
        }
        String message = t.getMessage();
        return message == null || message.isEmpty() ? t.getClass().getSimpleName() : message;
    }

    @Override
    public AutoCloseable events(Consumer<DockerEvent> onEvent, Consumer<Throwable> onEnd) {
        AtomicBoolean closed = new AtomicBoolean();
        AtomicReference<HttpClientResponse> open = new AtomicReference<>();
        Consumer<Throwable> end = cause -> {
            if (closed.compareAndSet(false, true)) {
                onEnd.accept(cause);
            }
        };
        // No idle timeout: the stream is silent for as long as no container changes.
        EventLoopCalls.start(vertx, () -> http.request(request(EVENTS_URI))
                .compose(req -> req.send().onSuccess(resp -> {
                    if (closed.get()) {
                        resp.request().reset();
                        return;
                    }
                    if (resp.statusCode() != 200) {
                        resp.body().onComplete(body -> end.accept(new DockerException("GET /events at " + endpoint
                                + ": status " + resp.statusCode())));
                        return;
                    }
                    open.set(resp);
                    RecordParser lines = RecordParser.newDelimited("\n", line -> {
                        if (line.length() == 0 || closed.get()) {
                            return;
                        }
                        try {
                            onEvent.accept(DockerJsonParser.event(line.getBytes()));
                        } catch (IOException e) {
                            // One undecodable line (a newer daemon's shape) must not end the stream.
                        }
                    });
                    lines.maxRecordSize(MAX_LINE_BYTES);
                    resp.handler(lines);
                    resp.exceptionHandler(end::accept);
                    resp.endHandler(v -> end.accept(null));
                })), started -> {
                    if (started.failed()) {
                        end.accept(started.cause());
                    }
                });
        return () -> {
            if (closed.compareAndSet(false, true)) {
                HttpClientResponse resp = open.get();
                if (resp != null) {
                    resp.request().reset();
                }
            }
        };
    }

    @Override
    public void close() {
        http.close();
        slowHttp.close();
    }

    @Override
    public String toString() {
        return "VertxDockerClient[" + endpoint + "]";
    }
}
