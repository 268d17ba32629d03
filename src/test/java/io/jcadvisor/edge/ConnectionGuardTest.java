package io.jcadvisor.edge;

import io.jcadvisor.api.ApiTestProfile;
import io.jcadvisor.testing.Await;
import io.jcadvisor.testing.HttpProbe;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connection gate and head deadline in the running app, on Quarkus' random test port (which Vert.x
 * keys differently from a fixed one) and under a URL prefix: a bound of 3 connections, 1 more
 * answered, a 1 s head deadline.
 */
@QuarkusTest
@TestProfile(ConnectionGuardTest.Tight.class)
class ConnectionGuardTest {

    public static class Tight extends ApiTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("cadvisor.url-base-prefix", "/cadvisor");
            config.put("cadvisor.limits.header-timeout", "1s");
            config.put("cadvisor.limits.max-connections", "3");
            config.put("cadvisor.limits.over-limit-connections", "1");
            return config;
        }
    }

    @TestHTTPResource("/")
    URL root;

    @Inject
    ConnectionGuard guard;

    @Test
    void aHeadNotCompleteWithinTheTimeoutIsAnswered408AndClosed() throws IOException {
        try (Socket s = connect()) {
            long started = System.nanoTime();
            send(s, "GET /cadvisor/healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ");
            String got = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            long took = Duration.ofNanos(System.nanoTime() - started).toMillis();
            assertThat(got).startsWith("HTTP/1.1 408 ").contains("Connection: close")
                    .endsWith("request head not received within 1000 ms (cadvisor.limits.header-timeout)\n");
            assertThat(took).isGreaterThanOrEqualTo(950);
        }
    }

    @Test
    void overTheBoundRequestsGet503AndHealthzStill200ThenOverTheAllowanceConnectionsAreClosed() throws Exception {
        List<Socket> held = new ArrayList<>();
        try {
            Await.until(Duration.ofSeconds(10), () -> guard.open() < 3);
            int before = guard.open();
            for (int i = before; i < 3; i++) {
                Socket s = connect();
                send(s, "GET /cadvisor/healthz HTTP/1.1\r\nHost: x\r\n\r\n");
                String head = readHead(s);
                assertThat(head).startsWith("HTTP/1.1 200 ").doesNotContainIgnoringCase("connection: close");
                assertThat(s.getInputStream().readNBytes(2)).asString().isEqualTo("ok");
                held.add(s);
            }
            assertThat(guard.open()).isEqualTo(3);

            try (Socket s = connect()) {
                send(s, "GET /cadvisor/api/v2.1/machine HTTP/1.1\r\nHost: x\r\n\r\n");
                String got = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(got).startsWith("HTTP/1.1 503 ").containsIgnoringCase("retry-after: 5")
                        .containsIgnoringCase("connection: close")
                        .endsWith("busy: 3 connections are open (cadvisor.limits.max-connections); retry later\n");
            }
            // The client sees the end of the 503 before the server's close future has released the one
            // over-limit place the guard allows here; a connection made in between is closed at accept.
            Await.until(Duration.ofSeconds(5), () -> guard.open() == 3);
            try (Socket s = connect()) {
                send(s, "GET /cadvisor/healthz HTTP/1.1\r\nHost: x\r\n\r\n");
                String got = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(got).startsWith("HTTP/1.1 200 ").containsIgnoringCase("connection: close").endsWith("ok");
            }

            Await.until(Duration.ofSeconds(5), () -> guard.open() == 3);
            Socket overLimit = connect();
            held.add(overLimit);
            Await.until(Duration.ofSeconds(5), () -> guard.open() == 4);
            try (Socket s = connect()) {
                assertThat(HttpProbe.closedWithoutAnswer(s, Duration.ofSeconds(2))).as("closed at accept").isTrue();
            }
            assertThat(guard.open()).as("a connection closed at accept is never counted").isEqualTo(4);
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
        Await.until(Duration.ofSeconds(10), () -> guard.open() == 0);
    }

    private Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", root.getPort());
        s.setSoTimeout(5000);
        return s;
    }

    private static void send(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
    }

    private static String readHead(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        StringBuilder head = new StringBuilder();
        for (int c; (c = in.read()) >= 0; ) {
            head.append((char) c);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        return head.toString();
    }
}
