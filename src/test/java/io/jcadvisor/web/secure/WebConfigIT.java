package io.jcadvisor.web.secure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jcadvisor.metrics.PromtoolSupport;
import io.jcadvisor.testing.Await;
import io.jcadvisor.testing.Commands;
import io.jcadvisor.testing.LocalServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code -web.config.file} on the packaged agent, with real peers on loopback: certificates made by
 * {@code openssl}, {@code curl} and {@code openssl s_client} as clients, and a real Prometheus scraping
 * over TLS. Two agents: {@code basic} (TLS, basic_auth_users, headers) and {@code mtls}
 * (RequireAndVerifyClientCert).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebConfigIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "s3cret pass";

    private TestPki pki;
    private Path[] serverPair;
    private Path[] client;
    private Path[] stranger;
    private AgentProcess basic;
    private AgentProcess mtls;
    private AgentProcess strict;

    @BeforeAll
    void startAgents() throws Exception {
        pki = TestPki.create("jcadv-tls-");
        serverPair = pki.server("server", 0x1001);
        client = pki.client("scraper");
        stranger = pki.stranger("stranger");
        // each agent gets its own copy of the pair: the rotation test replaces the basic agent's files
        Path basicCert = Files.copy(serverPair[0], pki.dir.resolve("basic.crt"));
        Path basicKey = Files.copy(serverPair[1], pki.dir.resolve("basic.key"));
        String hash = Commands.run(List.of("htpasswd", "-nbBC", "6", "prom", PASSWORD)).strip();
        hash = hash.substring(hash.indexOf(':') + 1);
        basic = startAgent("basic", """
                tls_server_config:
                  cert_file: %s
                  key_file: %s
                  min_version: TLS12
                basic_auth_users:
                  prom: '%s'
                http_server_config:
                  headers:
                    X-Frame-Options: deny
                    Strict-Transport-Security: max-age=31536000
                """.formatted(basicCert, basicKey, hash));
        mtls = startAgent("mtls", """
                tls_server_config:
                  cert_file: %s
                  key_file: %s
                  client_auth_type: RequireAndVerifyClientCert
                  client_ca_file: %s
                  max_version: TLS12
                  cipher_suites:
                    - TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
                    - TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384
                  prefer_server_cipher_suites: true
                """.formatted(serverPair[0], serverPair[1], pki.caCert));
        strict = startAgent("strict", """
                tls_server_config:
                  cert_file: %s
                  key_file: %s
                  client_auth_type: RequireAnyClientCert
                  min_version: TLS13
                  curve_preferences: [CurveP384]
                http_server_config:
                  http2: false
                """.formatted(serverPair[0], serverPair[1]));
    }

    /** Writes {@code webConfig} to {@code <name>.yml} in the test's directory and starts an agent on it. */
    private AgentProcess startAgent(String name, String webConfig) throws IOException {
        Path file = pki.dir.resolve(name + ".yml");
        Files.writeString(file, webConfig);
        return AgentProcess.start(file);
    }

    @AfterAll
    void stopAgents() throws IOException {
        for (AgentProcess agent : new AgentProcess[] {basic, mtls, strict}) {
            if (agent != null) {
                agent.close();
            }
        }
        if (pki != null) {
            pki.delete();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/metrics", "/api/v2.1/machine", "/api/v1.3/containers/", "/containers/", "/healthz",
            "/validate/", "/static/charts.js", "/no-such-page"})
    void everyEndpointOfTheMainPortAsksForCredentials(String path) throws Exception {
        Response none = curl(basic.url(path), "--cacert", pki.caCert.toString());
        assertThat(none.status).as(none.output).isEqualTo(401);
        assertThat(none.header("WWW-Authenticate")).isEqualTo("Basic");
        Response wrong = curl(basic.url(path), "--cacert", pki.caCert.toString(), "-u", "prom:wrong");
        assertThat(wrong.status).isEqualTo(401);
        Response right = curl(basic.url(path), "--cacert", pki.caCert.toString(), "-u", "prom:" + PASSWORD);
        assertThat(right.status).as(right.output).isEqualTo(path.equals("/no-such-page") ? 404 : 200);
        assertThat(right.header("X-Frame-Options")).isEqualTo("deny");
        assertThat(right.header("Strict-Transport-Security")).isEqualTo("max-age=31536000");
    }

    @Test
    void anUnknownUserIsRefusedAndCounted() throws Exception {
        double before = counter("jcadvisor_web_auth_failures_total");
        assertThat(curl(basic.url("/metrics"), "--cacert", pki.caCert.toString(), "-u", "mallory:x").status)
                .isEqualTo(401);
        assertThat(counter("jcadvisor_web_auth_failures_total")).isGreaterThan(before);
    }

    @Test
    void wrongCredentialsAreCountedEachButLoggedAtABoundedRate() throws Exception {
        double counted = counter("jcadvisor_web_auth_failures_total");
        long logged = basic.logText().lines().filter(l -> l.contains("wrong credentials")).count();
        for (int i = 0; i < 5; i++) {
            curl(basic.url("/healthz"), "--cacert", pki.caCert.toString(), "-u", "flood:" + i);
        }
        assertThat(counter("jcadvisor_web_auth_failures_total")).isEqualTo(counted + 5);
        // at most one line a minute: these five make one line at most
        assertThat(basic.logText().lines().filter(l -> l.contains("wrong credentials")).count())
                .isBetween(Math.max(logged, 1), logged + 1);
    }

    @Test
    void plainHttpToTheTlsPortIsRefusedAndCounted() throws Exception {
        double before = counter("jcadvisor_web_tls_handshake_failures_total");
        Response plain = curl("http://127.0.0.1:" + basic.port + "/metrics", "-u", "prom:" + PASSWORD);
        assertThat(plain.exit).as(plain.output).isNotZero();
        assertThat(plain.status).isZero();
        assertThat(counter("jcadvisor_web_tls_handshake_failures_total")).isGreaterThan(before);
        // and the bytes received (credentials in them) never reach the log
        assertThat(basic.logText()).contains("not TLS (plain HTTP to the HTTPS port?)").doesNotContain("474554");
    }

    @Test
    void theManagementPortAnswersProbesInPlainHttpWithoutCredentials() throws Exception {
        for (AgentProcess agent : List.of(basic, mtls)) {
            Response live = curl(agent.managementUrl("/q/health/live"));
            assertThat(live.status).as(live.output).isEqualTo(200);
            assertThat(live.output).contains("\"UP\"");
            assertThat(curl(agent.managementUrl("/q/health/ready")).status).isEqualTo(200);
        }
        // and the probes are not on the main port
        assertThat(curl(basic.url("/q/health/live"), "--cacert", pki.caCert.toString(), "-u", "prom:" + PASSWORD)
                .status).isEqualTo(404);
    }

    @Test
    void aClientCertificateSignedByTheCaIsRequired() throws Exception {
        String ca = pki.caCert.toString();
        Response without = curl(mtls.url("/metrics"), "--cacert", ca);
        assertThat(without.exit).as(without.output).isNotZero();
        assertThat(without.status).isZero();
        Response strange = curl(mtls.url("/metrics"), "--cacert", ca, "--cert", stranger[0].toString(),
                "--key", stranger[1].toString());
        assertThat(strange.exit).as(strange.output).isNotZero();
        Response good = curl(mtls.url("/metrics"), "--cacert", ca, "--cert", client[0].toString(),
                "--key", client[1].toString());
        assertThat(good.status).as(good.output).isEqualTo(200);
        assertThat(good.output).contains("jcadvisor_web_tls_handshake_failures_total");
        Matcher m = Pattern.compile("(?m)^jcadvisor_web_tls_handshake_failures_total (\\S+)").matcher(good.output);
        assertThat(m.find()).isTrue();
        assertThat(Double.parseDouble(m.group(1))).isGreaterThanOrEqualTo(2);
    }

    @Test
    void http2IsOfferedByAlpnUnlessTheConfigTurnsItOff() throws Exception {
        Response two = curl(basic.url("/healthz"), "--http2", "--cacert",
                pki.caCert.toString(), "-u", "prom:" + PASSWORD);
        assertThat(two.output).startsWith("HTTP/2 200");
        Response one = curl(strict.url("/healthz"), "--http2", "--cacert", pki.caCert.toString(),
                "--cert", stranger[0].toString(), "--key", stranger[1].toString());
        assertThat(one.output).startsWith("HTTP/1.1 200");
    }

    @Test
    void versionCurveAndClientAuthSettingsAreWhatTheHandshakeSees() throws Exception {
        String strangerCert = "-cert " + stranger[0] + " -key " + stranger[1];
        // min_version TLS13: a TLS 1.2 client is refused
        assertThat(sClient(strict, "-tls1_2 " + strangerCert)).contains("alert protocol version");
        // curve_preferences [CurveP384]: only that group is agreed
        assertThat(sClient(strict, "-groups X25519 " + strangerCert)).doesNotContain("Server Temp Key");
        assertThat(sClient(strict, "-groups P-384 " + strangerCert)).contains("Server Temp Key: ECDH, secp384r1");
        // RequireAnyClientCert: any certificate, even one no CA signed, but one is required (as Go)
        assertThat(curl(strict.url("/healthz"), "--cacert", pki.caCert.toString(), "--cert", stranger[0].toString(),
                "--key", stranger[1].toString()).status).isEqualTo(200);
        Response none = curl(strict.url("/healthz"), "--cacert", pki.caCert.toString());
        assertThat(none.exit).as(none.output).isNotZero();
        assertThat(none.status).isZero();
    }

    @Test
    void cipherSuitesAndMaxVersionAreWhatTheHandshakeSees() throws Exception {
        String cert = "-cert " + client[0] + " -key " + client[1];
        // max_version TLS12
        assertThat(sClient(mtls, "-tls1_3 " + cert)).contains("alert protocol version");
        // a suite outside cipher_suites is refused
        assertThat(sClient(mtls, "-tls1_2 -cipher ECDHE-RSA-CHACHA20-POLY1305 " + cert))
                .doesNotContain("Cipher is ECDHE");
        // prefer_server_cipher_suites: the server's order wins over the client's
        assertThat(sClient(mtls, "-tls1_2 -cipher ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256 " + cert))
                .contains("Cipher is ECDHE-RSA-AES128-GCM-SHA256");
    }

    /** What {@code openssl s_client} prints for one handshake with the agent. */
    private static String sClient(AgentProcess agent, String options) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "openssl s_client -connect 127.0.0.1:" + agent.port + " "
                + options + " </dev/null").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(20, TimeUnit.SECONDS);
        return out;
    }

    @Test
    void aRotatedCertificateIsServedWithoutARestart() throws Exception {
        long pid = basic.pid();
        assertThat(servedSerial(basic)).isEqualTo("1001");
        Path[] next = pki.server("rotated", 0x1002);
        // key first, then the certificate: the agent must keep serving the old pair until both match
        TestPki.replace(next[1], pki.dir.resolve("basic.key"));
        TestPki.replace(next[0], pki.dir.resolve("basic.crt"));
        long start = System.nanoTime();
        Await.until(Duration.ofSeconds(60), () -> "1002".equals(servedSerial(basic)));
        System.out.printf("rotated certificate served after %d ms%n", (System.nanoTime() - start) / 1_000_000);
        assertThat(basic.pid()).isEqualTo(pid);
        assertThat(basic.logText()).contains("certificate changed, now serving serial 1002");
        assertThat(curl(basic.url("/healthz"), "--cacert", pki.caCert.toString(), "-u", "prom:" + PASSWORD).status)
                .isEqualTo(200);
    }

    @Test
    void prometheusScrapesOverTlsWithBasicAuthAndWithAClientCertificate() throws Exception {
        PromtoolSupport.ensureInstalled();
        Path dir = Files.createTempDirectory(pki.dir, "prometheus");
        Path password = dir.resolve("password");
        Files.writeString(password, PASSWORD);
        int port = LocalServer.freePort();
        Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                scrape_configs:
                  - job_name: basic
                    scheme: https
                    scrape_timeout: 900ms
                    tls_config:
                      ca_file: %s
                    basic_auth:
                      username: prom
                      password_file: %s
                    static_configs:
                      - targets: ['localhost:%d']
                  - job_name: mtls
                    scheme: https
                    scrape_timeout: 900ms
                    tls_config:
                      ca_file: %s
                      cert_file: %s
                      key_file: %s
                    static_configs:
                      - targets: ['localhost:%d']
                """.formatted(pki.caCert, password, basic.port, pki.caCert, client[0], client[1], mtls.port));
        Process prometheus = new ProcessBuilder("prometheus", "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            String api = "http://127.0.0.1:" + port + "/api/v1/query?query=";
            for (String job : List.of("basic", "mtls")) {
                String promql = "container_cpu_usage_seconds_total{id=\"/\",job=\"" + job + "\"}";
                JsonNode series = Await.poll(Duration.ofSeconds(60), Duration.ofSeconds(1),
                        () -> query(http, api, promql), r -> r != null && r.size() > 0);
                assertThat(series).as("%s through PromQL; log: %s", promql, log(dir)).isNotNull();
                assertThat(series.get(0).at("/value/1").asDouble()).isGreaterThan(0);
                JsonNode up = query(http, api, "up{job=\"" + job + "\"}");
                assertThat(up.get(0).at("/value/1").asText()).isEqualTo("1");
            }
        } finally {
            prometheus.destroy();
            if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** The serial number, in hex, of the certificate {@code openssl s_client} receives. */
    private String servedSerial(AgentProcess agent) {
        try {
            Process p = new ProcessBuilder("sh", "-c", "openssl s_client -connect 127.0.0.1:" + agent.port
                    + " -servername localhost </dev/null 2>/dev/null | openssl x509 -noout -serial")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            p.waitFor(20, TimeUnit.SECONDS);
            return out.startsWith("serial=") ? out.substring(7).replaceFirst("^0+", "") : out;
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private double counter(String name) throws Exception {
        Response r = curl(basic.url("/metrics"), "--cacert", pki.caCert.toString(), "-u", "prom:" + PASSWORD);
        Matcher m = Pattern.compile("(?m)^" + name + " (\\S+)").matcher(r.output);
        assertThat(m.find()).as(name + " on /metrics").isTrue();
        return Double.parseDouble(m.group(1));
    }

    private static JsonNode query(HttpClient http, String api, String promql) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(api
                    + URLEncoder.encode(promql, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? JSON.readTree(response.body()).path("data").path("result") : null;
        } catch (IOException e) {
            return null; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String log(Path dir) {
        try {
            String text = Files.readString(dir.resolve("prometheus.log"));
            return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** The real curl: exit code, last status (0 without a response), headers and body. */
    record Response(int exit, int status, String output) {
        String header(String name) {
            String found = null;
            for (String line : output.split("\r?\n")) {
                if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                    found = line.substring(name.length() + 1).strip();
                }
            }
            return found;
        }
    }

    static Response curl(String url, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("curl", "-sS", "-i", "--max-time", "20", "-w", "\n%{http_code}"));
        argv.addAll(List.of(args));
        argv.add(url);
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        try (OutputStream ignored = p.getOutputStream()) {
            // no input
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("curl finished").isTrue();
        int nl = out.lastIndexOf('\n');
        return new Response(p.exitValue(), Integer.parseInt(out.substring(nl + 1).strip()), out.substring(0, nl));
    }
}
