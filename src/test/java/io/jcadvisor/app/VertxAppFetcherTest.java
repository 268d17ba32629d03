package io.jcadvisor.app;

import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The HTTP fetcher against Vert.x servers on loopback: status, size and time bounds, mutual TLS. */
class VertxAppFetcherTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static Vertx vertx;
    private static HttpServer plain;

    @BeforeAll
    static void serve() throws Exception {
        vertx = Vertx.vertx();
        plain = vertx.createHttpServer().requestHandler(req -> {
            switch (req.path()) {
                case "/metrics" -> req.response().end("up 1\n");
                case "/huge" -> req.response().setChunked(true).end("x".repeat(AppFetcher.MAX_BODY_BYTES + 10));
                case "/slow" -> vertx.setTimer(5000, t -> req.response().end("late"));
                default -> req.response().setStatusCode(404).end("no");
            }
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aTwoHundredAnswerIsTheBodyAndAnythingElseFails() throws Exception {
        try (VertxAppFetcher fetcher = new VertxAppFetcher(vertx, Optional.empty(), Optional.empty(), TIMEOUT)) {
            assertThat(get(fetcher, url(plain, "http", "/metrics"))).isEqualTo("up 1\n");
            assertThatThrownBy(() -> get(fetcher, url(plain, "http", "/nope"))).hasMessageContaining("404");
            assertThatThrownBy(() -> get(fetcher, url(plain, "http", "/huge"))).hasMessageContaining("larger");
            long start = System.nanoTime();
            assertThatThrownBy(() -> get(fetcher, url(plain, "http", "/slow"))).isInstanceOf(ExecutionException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
            assertThatThrownBy(() -> get(fetcher, URI.create("http://127.0.0.1:1/metrics")))
                    .isInstanceOf(ExecutionException.class);
        }
    }

    @Test
    void theClientCertificateIsPresentedToAServerThatDemandsIt(@TempDir Path dir) throws Exception {
        Path serverCert = dir.resolve("server.pem");
        Path serverKey = dir.resolve("server.key");
        Path clientCert = dir.resolve("client.pem");
        Path clientKey = dir.resolve("client.key");
        selfSigned(serverCert, serverKey, "server");
        selfSigned(clientCert, clientKey, "collector");
        HttpServer tls = vertx.createHttpServer(new HttpServerOptions().setSsl(true)
                        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(serverCert.toString())
                                .setKeyPath(serverKey.toString()))
                        .setTrustOptions(new PemTrustOptions().addCertPath(clientCert.toString()))
                        .setClientAuth(ClientAuth.REQUIRED))
                .requestHandler(req -> req.response().end("secure 1\n"))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        try (VertxAppFetcher with = new VertxAppFetcher(vertx, Optional.of(clientCert.toString()),
                Optional.of(clientKey.toString()), TIMEOUT);
             VertxAppFetcher without = new VertxAppFetcher(vertx, Optional.empty(), Optional.empty(), TIMEOUT)) {
            // The server's self-signed certificate is accepted, as upstream (InsecureSkipVerify).
            assertThat(get(with, url(tls, "https", "/metrics"))).isEqualTo("secure 1\n");
            assertThatThrownBy(() -> get(without, url(tls, "https", "/metrics"))).isInstanceOf(ExecutionException.class);
        } finally {
            tls.close();
        }
    }

    @Test
    void aCertificateWithoutItsKeyIsAConfigError() {
        assertThatThrownBy(() -> new VertxAppFetcher(vertx, Optional.of("/x.pem"), Optional.empty(), TIMEOUT))
                .hasMessageContaining("collector-key");
    }

    private static String get(AppFetcher fetcher, URI uri) throws Exception {
        CompletableFuture<String> f = fetcher.get(uri, TIMEOUT).toCompletableFuture();
        return f.get(10, TimeUnit.SECONDS);
    }

    private static URI url(HttpServer server, String scheme, String path) {
        return URI.create(scheme + "://127.0.0.1:" + server.actualPort() + path);
    }

    private static void selfSigned(Path cert, Path key, String cn) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days",
                "1", "-subj", "/CN=" + cn, "-keyout", key.toString(), "-out", cert.toString()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("openssl req").isZero();
    }
}
