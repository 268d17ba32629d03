package io.jcadvisor.container.containerd;

import io.jcadvisor.container.EventLoopCalls;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

import java.io.FileNotFoundException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Unary gRPC calls over HTTP/2 cleartext with prior knowledge on a unix socket, with Vert.x's HTTP
 * client (no gRPC library, no code generation; messages are encoded by {@link ProtoWriter} and
 * decoded by {@link ProtoReader}). A call is {@code POST /<service>/<method>} with
 * {@code content-type: application/grpc}, the body one length-prefixed message (flag byte 0, 4-byte
 * big-endian length); the answer is one such message and a {@code grpc-status} trailer (in the
 * headers for an error-only answer). Every call carries the {@code containerd-namespace} header.
 * Server-streaming calls ({@code Events/Subscribe}) are read message by message.
 */
final class GrpcChannel implements AutoCloseable {

    /** Largest answer accepted: a container's OCI spec is a few kB; labels can add some more. */
    static final int MAX_MESSAGE_BYTES = 4 << 20;

    /** How often the client looks for connections idle past Vert.x's keep-alive timeout (default: every second). */
    static final Duration POOL_CLEANER_PERIOD = Duration.ofSeconds(15);

    private final Vertx vertx;
    private final HttpClient http;
    private final SocketAddress server;
    private final String socketPath;
    private final String namespace;
    private final Duration timeout;

    /**
     * @param socketPath the daemon's unix socket ({@code /run/containerd/containerd.sock})
     * @param namespace  containerd namespace sent with every call
     * @param timeout    bound of every call (connect plus answer)
     * @throws IllegalArgumentException when Vert.x runs without its native transport (no unix sockets)
     */
    GrpcChannel(Vertx vertx, String socketPath, String namespace, Duration timeout) {
        if (!vertx.isNativeTransportEnabled()) {
            throw new IllegalArgumentException("cadvisor.runtimes.containerd.endpoint: " + socketPath
                    + " is a unix socket but Vert.x runs without its native transport"
                    + " (quarkus.vertx.prefer-native-transport=true)");
        }
        this.vertx = vertx;
        this.socketPath = socketPath;
        this.namespace = namespace;
        this.timeout = timeout;
        this.server = SocketAddress.domainSocketAddress(socketPath);
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_2)
                // containerd's server speaks h2c only with prior knowledge, no HTTP/1.1 upgrade.
                .setHttp2ClearTextUpgrade(false)
                .setConnectTimeout((int) timeout.toMillis())
                .setKeepAlive(true)
                // Vert.x looks for idle connections every second by default: a timer on the event loop
                // every second, for ever, for one connection that stays open anyway
                .setPoolCleanerPeriod((int) POOL_CLEANER_PERIOD.toMillis())
                .setHttp2MaxPoolSize(1)
                .setHttp2MultiplexingLimit(64));
    }

    /**
     * One unary call, blocking up to the timeout.
     *
     * @param method  {@code containerd.services.version.v1.Version/Version}
     * @param request the encoded request message
     * @return the encoded answer message
     * @throws ContainerdException for transport failures ({@link ContainerdException#UNAVAILABLE}),
     *                             gRPC errors (their status) and malformed answers
     */
    byte[] call(String method, byte[] request) throws ContainerdException {
        return call(method, request, timeout);
    }

    /** As above, bounded by {@code limit} instead of the channel's timeout (the connect keeps the channel's). */
    byte[] call(String method, byte[] request, Duration limit) throws ContainerdException {
        if (io.vertx.core.Context.isOnEventLoopThread()) {
            // Waiting here would stall the very loop that has to read the answer.
            throw new ContainerdException(ContainerdException.INTERNAL,
                    method + ": blocking containerd call on a Vert.x event-loop thread");
        }
        Buffer body = frame(request);
        Promise<Answer> answer = Promise.promise();
        RequestOptions options = options(method)
                .setIdleTimeout(limit.toMillis())
                .putHeader("grpc-timeout", limit.toMillis() + "m");
        // Handlers are set in the tick the response arrives, on the loop, as with the Docker client.
        EventLoopCalls.start(vertx, () -> http.request(options)
                .compose(req -> req.send(body).compose(resp -> resp.body().map(data -> {
                    MultiMap trailers = resp.trailers();
                    MultiMap headers = resp.headers();
                    String status = trailers.get("grpc-status") != null ? trailers.get("grpc-status")
                            : headers.get("grpc-status");
                    String message = trailers.get("grpc-message") != null ? trailers.get("grpc-message")
                            : headers.get("grpc-message");
                    return new Answer(resp.statusCode(), status, message, data);
                }))), answer);
        Answer a;
        try {
            a = answer.future().toCompletionStage().toCompletableFuture().get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerdException(ContainerdException.UNAVAILABLE, method + " at " + socketPath + ": interrupted", e);
        } catch (TimeoutException e) {
            throw new ContainerdException(ContainerdException.UNAVAILABLE,
                    method + " at " + socketPath + ": no answer within " + limit.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new ContainerdException(ContainerdException.UNAVAILABLE,
                    method + " at " + socketPath + ": " + describe(cause), cause);
        }
        return a.message(method);
    }

    private RequestOptions options(String method) {
        return new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setServer(server)
                .setHost("localhost")
                .setPort(80)
                .setURI("/" + method)
                .setConnectTimeout(timeout.toMillis())
                .putHeader("content-type", "application/grpc")
                .putHeader("te", "trailers")
                .putHeader("containerd-namespace", namespace);
    }

    /** One length-prefixed message: flag byte 0 (not compressed), 4-byte big-endian length, message. */
    static Buffer frame(byte[] message) {
        return Buffer.buffer(5 + message.length).appendByte((byte) 0).appendInt(message.length).appendBytes(message);
    }

    /**
     * A server-streaming call: sends the request, then hands each message of the answer to
     * {@code onMessage} (on a Vert.x event loop: it must not block) until the stream ends, which
     * {@code onEnd} hears once, with the cause or null for an orderly end. No idle timeout: a stream
     * may stay silent for long. Closing the returned handle cancels the stream without calling
     * {@code onEnd}.
     */
    AutoCloseable stream(String method, byte[] request, Consumer<byte[]> onMessage, Consumer<Throwable> onEnd) {
        AtomicBoolean closed = new AtomicBoolean();
        AtomicReference<HttpClientRequest> open = new AtomicReference<>();
        Consumer<Throwable> end = cause -> {
            if (closed.compareAndSet(false, true)) {
                onEnd.accept(cause);
            }
        };
        EventLoopCalls.start(vertx, () -> http.request(options(method))
                .compose(req -> {
                    open.set(req);
                    return req.send(frame(request)).onSuccess(resp -> {
                        if (closed.get()) {
                            req.reset();
                            return;
                        }
                        if (resp.statusCode() != 200) {
                            end.accept(new ContainerdException(ContainerdException.UNAVAILABLE,
                                    method + ": HTTP status " + resp.statusCode()));
                            req.reset();
                            return;
                        }
                        FrameParser frames = new FrameParser(method, onMessage);
                        resp.handler(data -> {
                            if (closed.get()) {
                                return;
                            }
                            try {
                                frames.feed(data);
                            } catch (ContainerdException e) {
                                end.accept(e);
                                req.reset();
                            }
                        });
                        resp.exceptionHandler(end::accept);
                        resp.endHandler(x -> {
                            String status = resp.trailers().get("grpc-status");
                            if (status == null) {
                                status = resp.headers().get("grpc-status");
                            }
                            end.accept(status == null || status.trim().equals("0") ? null
                                    : new ContainerdException(ContainerdException.UNAVAILABLE,
                                            method + ": stream ended with gRPC status " + status));
                        });
                    });
                }), started -> {
                    if (started.failed()) {
                        end.accept(started.cause());
                    }
                });
        return () -> {
            if (closed.compareAndSet(false, true)) {
                HttpClientRequest req = open.get();
                if (req != null) {
                    vertx.getOrCreateContext().runOnContext(v -> req.reset());
                }
            }
        };
    }

    /** Cuts a stream's bytes into its length-prefixed messages, across chunk boundaries. */
    static final class FrameParser {
        private final String method;
        private final Consumer<byte[]> onMessage;
        private Buffer pending = Buffer.buffer();

        FrameParser(String method, Consumer<byte[]> onMessage) {
            this.method = method;
            this.onMessage = onMessage;
        }

        void feed(Buffer data) throws ContainerdException {
            pending.appendBuffer(data);
            while (pending.length() >= 5) {
                if (pending.getByte(0) != 0) {
                    throw new ContainerdException(ContainerdException.INTERNAL, method + ": compressed message not supported");
                }
                long length = Integer.toUnsignedLong(pending.getInt(1));
                if (length > MAX_MESSAGE_BYTES) {
                    throw new ContainerdException(ContainerdException.INTERNAL,
                            method + ": message of " + length + " bytes");
                }
                if (pending.length() - 5L < length) {
                    return;
                }
                byte[] message = pending.getBytes(5, 5 + (int) length);
                pending = pending.getBuffer(5 + (int) length, pending.length());
                onMessage.accept(message);
            }
        }
    }

    private static String describe(Throwable t) {
        if (t instanceof FileNotFoundException) {
            // What netty reports for connect(2) ENOENT on a unix socket path.
            return "no such socket (is containerd running?)";
        }
        String message = t.getMessage();
        return message == null || message.isEmpty() ? t.getClass().getSimpleName() : message;
    }

    /** One HTTP/2 answer: status line, gRPC status, the framed body. */
    private record Answer(int httpStatus, String grpcStatus, String grpcMessage, Buffer body) {

        byte[] message(String method) throws ContainerdException {
            if (httpStatus != 200) {
                throw new ContainerdException(ContainerdException.UNAVAILABLE, method + ": HTTP status " + httpStatus);
            }
            int status;
            try {
                status = grpcStatus == null ? -1 : Integer.parseInt(grpcStatus.trim());
            } catch (NumberFormatException e) {
                status = -1;
            }
            if (status < 0) {
                throw new ContainerdException(ContainerdException.INTERNAL, method + ": answer without grpc-status");
            }
            if (status != 0) {
                String text = grpcMessage == null ? "" : URLDecoder.decode(grpcMessage.replace("+", "%2B"),
                        StandardCharsets.UTF_8);
                throw new ContainerdException(status, method + ": " + text + " (gRPC status " + status + ")");
            }
            return unframe(method, body);
        }
    }

    /** The one message of a unary answer: flag byte, 4-byte length, message; compression unsupported. */
    static byte[] unframe(String method, Buffer body) throws ContainerdException {
        if (body.length() < 5) {
            throw new ContainerdException(ContainerdException.INTERNAL,
                    method + ": answer of " + body.length() + " bytes, no message");
        }
        if (body.getByte(0) != 0) {
            throw new ContainerdException(ContainerdException.INTERNAL, method + ": compressed answer not supported");
        }
        long length = Integer.toUnsignedLong(body.getInt(1));
        if (length > MAX_MESSAGE_BYTES || length > body.length() - 5L) {
            throw new ContainerdException(ContainerdException.INTERNAL,
                    method + ": message of " + length + " bytes in an answer of " + body.length());
        }
        return body.getBytes(5, 5 + (int) length);
    }

    @Override
    public void close() {
        http.close();
    }
}
