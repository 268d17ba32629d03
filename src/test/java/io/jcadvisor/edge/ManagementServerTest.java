package io.jcadvisor.edge;

import io.jcadvisor.api.ApiTestProfile;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The management port is served on an event loop of its own: with every one of Vert.x' event loops
 * (the main port's) held busy, {@code /q/health/live} still answers at once, while the main port's
 * {@code /healthz} waits until they are free. Under Quarkus' own management listener, which shares those
 * loops, the probe waited too.
 */
@QuarkusTest
@TestProfile(ApiTestProfile.class)
class ManagementServerTest {

    /** How long each main event loop is held busy. */
    static final Duration HELD = Duration.ofMillis(1500);

    @TestHTTPResource(value = "/health/live", management = true)
    URL live;

    @TestHTTPResource("/healthz")
    URL healthz;

    @Inject
    Vertx vertx;

    @Inject
    ManagementServer server;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void theProbesAnswerWhileEveryMainEventLoopIsBusy() throws Exception {
        assertThat(live.getPort()).isEqualTo(server.port());
        // a first exchange of each, so neither pays for its first connection or code path below
        assertThat(get(live).statusCode()).isEqualTo(200);
        assertThat(get(healthz).statusCode()).isEqualTo(200);

        List<EventLoop> loops = new ArrayList<>();
        for (EventExecutor e : ((VertxInternal) vertx).getEventLoopGroup()) {
            loops.add((EventLoop) e);
        }
        CountDownLatch busy = new CountDownLatch(loops.size());
        for (EventLoop loop : loops) {
            loop.execute(() -> {
                busy.countDown();
                sleep(HELD);
            });
        }
        assertThat(busy.await(5, TimeUnit.SECONDS)).as("every main event loop held").isTrue();
        long started = System.nanoTime();

        HttpResponse<String> probe = get(live);
        Duration probeTook = Duration.ofNanos(System.nanoTime() - started);
        HttpResponse<String> main = get(healthz);
        Duration mainTook = Duration.ofNanos(System.nanoTime() - started);

        assertThat(probe.statusCode()).isEqualTo(200);
        assertThat(probe.body()).contains("\"status\": \"UP\"");
        assertThat(probeTook).as("/q/health/live while the main event loops are busy").isLessThan(HELD.dividedBy(3));
        // the other side of the same run: the main port did wait, so the loops were busy while the probe ran
        assertThat(main.statusCode()).isEqualTo(200);
        assertThat(mainTook).as("/healthz on the main port, served by a busy loop").isGreaterThan(HELD.dividedBy(2));
    }

    private HttpResponse<String> get(URL url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url.toString())).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
