package io.jcadvisor.app;

import io.jcadvisor.container.EventLoopCalls;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemKeyCertOptions;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * {@link AppFetcher} over a Vert.x HTTP client. Like upstream's collector client it does not verify
 * the endpoint's certificate (application endpoints are mostly self-signed), and with
 * {@code collector_cert}/{@code collector_key} it presents that client certificate (mutual TLS).
 */
final class VertxAppFetcher implements AppFetcher {

    private final Vertx vertx;
    private final HttpClient http;

    /**
     * @param cert PEM certificate file on the agent's own filesystem, or empty
     * @param key  PEM key file of {@code cert}; required with it
     * @throws IllegalArgumentException when only one of the two is set
     */
    VertxAppFetcher(Vertx vertx, Optional<String> cert, Optional<String> key, Duration connectTimeout) {
        this.vertx = vertx;
        HttpClientOptions options = new HttpClientOptions()
                .setConnectTimeout((int) connectTimeout.toMillis())
                .setKeepAlive(false)
                .setMaxPoolSize(16)
                .setTrustAll(true)
                .setVerifyHost(false);
        if (cert.isPresent() != key.isPresent()) {
            throw new IllegalArgumentException("cadvisor.metrics.collector-cert and cadvisor.metrics.collector-key"
                    + " must be set together");
        }
        if (cert.isPresent()) {
            options.setKeyCertOptions(new PemKeyCertOptions().setCertPath(cert.get()).setKeyPath(key.get()));
        }
        this.http = vertx.createHttpClient(options);
    }

    @Override
    public CompletionStage<String> get(URI uri, Duration timeout) {
        CompletableFuture<String> result = new CompletableFuture<>();
        Promise<String> call = Promise.promise();
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setAbsoluteURI(uri.toString())
                .setIdleTimeout(timeout.toMillis())
                .addHeader("Accept", "text/plain;version=0.0.4;q=1,*/*;q=0.1");
        // Handlers are set in the tick the response arrives, on the event loop (see EventLoopCalls).
        EventLoopCalls.start(vertx, () -> http.request(request)
                .compose(req -> req.send().compose(resp -> {
                    Promise<String> body = Promise.promise();
                    resp.exceptionHandler(body::tryFail);
                    if (resp.statusCode() != 200) {
                        body.tryFail("server returned HTTP status " + resp.statusCode());
                        // Not wanted: drop the connection rather than read a body of any size.
                        resp.request().connection().close();
                        return body.future();
                    }
                    Buffer buffer = Buffer.buffer();
                    resp.handler(chunk -> {
                        if (buffer.length() + chunk.length() > MAX_BODY_BYTES) {
                            body.tryFail("answer is larger than " + MAX_BODY_BYTES + " bytes");
                            resp.request().connection().close();
                            return;
                        }
                        buffer.appendBuffer(chunk);
                    });
                    resp.endHandler(end -> body.tryComplete(buffer.toString(StandardCharsets.UTF_8)));
                    return body.future();
                })), call);
        call.future().onComplete(ar -> {
            if (ar.succeeded()) {
                result.complete(ar.result());
            } else {
                result.completeExceptionally(ar.cause());
            }
        });
        return result.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        http.close();
    }
}
