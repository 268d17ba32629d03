package io.jcadvisor.edge;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link ChunkedResponseOutput} on a real Vert.x server, read by real clients over loopback. */
class ChunkedResponseOutputTest {

    private Vertx vertx;
    private HttpServer server;
    private DirectChunkPool pool;
    /** How many bytes the next answer has. */
    private volatile int answerBytes;
    /** Whether the writer fails after writing the answer's bytes, instead of closing. */
    private volatile boolean breakAfterWriting;
    /** How the writer on the worker ended: null while running, "done", or the failure's message. */
    private volatile CompletableFuture<String> outcome;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        pool = new DirectChunkPool(64 * 1024, ChunkedResponseOutput.IN_FLIGHT + 1);
        server = vertx.createHttpServer().requestHandler(request -> {
            CompletableFuture<String> result = new CompletableFuture<>();
            outcome = result;
            vertx.executeBlocking(() -> {
                ChunkedResponseOutput out = new ChunkedResponseOutput(request.response(), pool);
                try {
                    writePattern(out, answerBytes);
                    if (breakAfterWriting) {
                        throw new IllegalStateException("the encoder broke");
                    }
                    out.close();
                    result.complete("done");
                } catch (IllegalStateException e) {
                    out.fail(e, "GET /", "could not build the answer");
                    result.complete(e.getMessage());
                } catch (IOException e) {
                    out.abandon();
                    result.complete(e.getMessage());
                }
                return null;
            }, false);
        });
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Bytes 0, 1, ... 250, 0, 1, ... written in uneven pieces, as an encoder writes them. */
    private static void writePattern(OutputStream out, int length) throws IOException {
        byte[] piece = new byte[7919];
        int written = 0;
        while (written < length) {
            int n = Math.min(piece.length, length - written);
            for (int i = 0; i < n; i++) {
                piece[i] = (byte) ((written + i) % 251);
            }
            out.write(piece, 0, n);
            written += n;
        }
    }

    private HttpResponse<byte[]> get() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + "/"))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void assertPattern(byte[] body, int length) {
        assertThat(body).hasSize(length);
        for (int i = 0; i < length; i++) {
            if (body[i] != (byte) (i % 251)) {
                throw new AssertionError("byte " + i + " is " + body[i]);
            }
        }
    }

    @Test
    void anAnswerThatFitsOneBufferGoesOutWholeWithItsLength() throws Exception {
        answerBytes = 1000;
        HttpResponse<byte[]> response = get();
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-length")).hasValue("1000");
        assertThat(response.headers().firstValue("transfer-encoding")).isEmpty();
        assertPattern(response.body(), 1000);
        assertThat(outcome.get(5, TimeUnit.SECONDS)).isEqualTo("done");
    }

    @Test
    void anEmptyAnswerIsZeroLength() throws Exception {
        answerBytes = 0;
        HttpResponse<byte[]> response = get();
        assertThat(response.headers().firstValue("content-length")).hasValue("0");
        assertThat(response.body()).isEmpty();
    }

    @Test
    void aLongAnswerGoesOutChunkedIntactAndItsBuffersAreReused() throws Exception {
        int length = 5 * 1024 * 1024 + 12345;
        answerBytes = length;
        for (int round = 0; round < 3; round++) {
            HttpResponse<byte[]> response = get();
            assertThat(response.headers().firstValue("transfer-encoding")).hasValue("chunked");
            assertPattern(response.body(), length);
            assertThat(outcome.get(5, TimeUnit.SECONDS)).isEqualTo("done");
        }
        // 3 answers of 81 chunks of 64 KiB each: the buffers come back as they are written and are used again
        waitFor(() -> pool.kept() == pool.made());
        assertThat(pool.made()).isLessThanOrEqualTo(ChunkedResponseOutput.IN_FLIGHT + 1);
    }

    @Test
    void aClientThatReadsNothingHoldsAFewBuffersAndLeavingEndsTheWriter() throws Exception {
        answerBytes = 256 * 1024 * 1024;
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(64 * 1024);
            socket.connect(new InetSocketAddress("127.0.0.1", server.actualPort()));
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            assertThat(in.read()).isEqualTo('H');
            // the kernel's buffers fill, then the writer waits for the queue to drain instead of going on
            Thread.sleep(1500);
            assertThat(outcome.isDone()).isFalse();
            assertThat(pool.made()).isLessThanOrEqualTo(ChunkedResponseOutput.IN_FLIGHT + 1);
        }
        assertThat(outcome.get(10, TimeUnit.SECONDS)).isEqualTo(ChunkedResponseOutput.CLIENT_GONE);
        waitFor(() -> pool.kept() == pool.made());
    }

    @Test
    void aFailureBeforeAnyChunkWentOutIsA500NamingIt() throws Exception {
        answerBytes = 1000;
        breakAfterWriting = true;
        HttpResponse<byte[]> r = get();
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.headers().firstValue("Content-Type")).hasValue(PlainText.TYPE);
        assertThat(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("could not build the answer\n");
        assertThat(outcome.get(10, TimeUnit.SECONDS)).isEqualTo("the encoder broke");
    }

    @Test
    void aFailureAfterAChunkWentOutCutsTheConnection() throws Exception {
        answerBytes = 3 * 64 * 1024;
        breakAfterWriting = true;
        // the status line and two chunks went out: the client must not take the rest for a whole answer
        assertThatThrownBy(this::get).isInstanceOf(IOException.class);
        assertThat(outcome.get(10, TimeUnit.SECONDS)).isEqualTo("the encoder broke");
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
