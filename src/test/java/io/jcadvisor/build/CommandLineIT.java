package io.jcadvisor.build;

import io.jcadvisor.testing.Await;
import io.jcadvisor.testing.LiveCgroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar started with cAdvisor's own command line, as an upstream DaemonSet's {@code args}
 * would start it: flags take effect, and a bad one stops start-up with Go's message and exit code 2.
 */
class CommandLineIT {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void unknownFlagExitsTwoWithGosMessage() throws Exception {
        Result r = run(List.of("-no_such_flag=1"));
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.output).contains("flag provided but not defined: -no_such_flag");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "-disable_metrics=bogus      | invalid value \"bogus\" for flag -disable_metrics: unsupported metric \"bogus\" specified",
        "-enable_metrics=accelerator | invalid value \"accelerator\" for flag -enable_metrics: unsupported metric \"accelerator\" specified",
    })
    void unknownMetricGroupFlagExitsTwoWithGosMessage(String flag, String message) throws Exception {
        Result r = run(List.of("-port=0", flag));
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.output).contains(message).doesNotContain("\tat ").doesNotContain("Docker");
    }

    @Test
    void unknownMetricGroupInTheConfigKeyStopsStartUpWithOneLineBeforeAnyRuntimeIsContacted() throws Exception {
        Result r = run(List.of("-port=0"), Map.of("CADVISOR_METRICS_DISABLE", "tcp,bogus"));
        assertThat(r.exit).isNotZero();
        assertThat(r.output).contains("cadvisor.metrics.disable: unsupported metric \"bogus\" specified")
                .doesNotContain("\tat ").doesNotContain("Docker");
    }

    /**
     * Go takes these durations; we refuse them, with one line naming the key, before anything is sampled
     * (a zero storage duration would keep no sample, so /metrics and the API would serve no stats).
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "-storage_duration=-1s|cadvisor.storage.duration must be positive: PT-1S",
            "-storage_duration=0|cadvisor.storage.duration must be positive: PT0S",
            "-housekeeping_interval=0|cadvisor.housekeeping.interval must be positive: PT0S",
            "-global_housekeeping_interval=0|cadvisor.housekeeping.global-interval must be positive: PT0S",
            "-update_machine_info_interval=-5m|cadvisor.machine.update-interval must be positive: PT-5M"})
    void aDurationWeCannotHonourStopsStartUpWithOneLine(String flag, String message) throws Exception {
        Result r = run(List.of("-port=0", flag));
        assertThat(r.exit).isNotZero();
        assertThat(r.output).contains(message).doesNotContain("\tat ").doesNotContain("Exception in thread");
    }

    @Test
    void anAnswerChunkSizeOutOfRangeStopsStartUpWithOneLine() throws Exception {
        Result r = run(List.of("-port=0"), Map.of("CADVISOR_LIMITS_ANSWER_CHUNK_SIZE", "100"));
        assertThat(r.exit).isNotZero();
        assertThat(r.output).contains("cadvisor.limits.answer-chunk-size=100: must be from 4096 to 16777216 bytes")
                .doesNotContain("\tat ").doesNotContain("Exception in thread");
    }

    @Test
    void aMissingHtpasswdFileStopsStartUpNamingIt() throws Exception {
        Result r = run(List.of("-port=0", "-http_auth_file=/nonexistent/htpasswd"));
        assertThat(r.exit).isNotZero();
        assertThat(r.output).contains("cadvisor.http.auth-file: cannot read /nonexistent/htpasswd: no such file");
    }

    /** The management port is plain HTTP (edge.ManagementServer): a TLS key for it stops start-up, never ignored. */
    @Test
    void aTlsKeyForTheManagementPortStopsStartUpNamingIt() throws Exception {
        Result r = run(List.of("-port=0"), Map.of("QUARKUS_MANAGEMENT_PORT", "0",
                "QUARKUS_MANAGEMENT_SSL_CERTIFICATE_FILES", "/etc/jcadvisor/tls.crt"));
        assertThat(r.exit).isNotZero();
        assertThat(r.output).contains("quarkus.management.ssl.certificate.files is set, but the management port"
                + " (quarkus.management.port) is served in plain HTTP only").doesNotContain("\tat ");
    }

    @Test
    void versionFlagPrintsTheVersionAndExits() throws Exception {
        Result r = run(List.of("--version"));
        assertThat(r.exit).isZero();
        assertThat(r.output).matches("(?s).*jcadvisor version \\d+\\.\\d+\\.\\d+.*");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-h", "--help"})
    void helpPrintsTheUsageAndExitsZeroAsGoDoes(String flag) throws Exception {
        Result r = run(List.of(flag));
        assertThat(r.exit).isZero();
        assertThat(r.output).startsWith("Usage: jcadvisor").doesNotContain("not defined");
    }

    @Test
    void upstreamFlagsConfigureTheAgent() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (LiveCgroup raw = LiveCgroup.create("jcadv-cli")) {
            Path log = Files.createTempFile("jcadvisor-cli", ".log");
            Process agent = new ProcessBuilder(command(List.of("--port=" + port, "-listen_ip", "127.0.0.1",
                    "--docker_only", "-storage_duration=5s", "-logtostderr")))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                String base = "http://127.0.0.1:" + port;
                Await.until(Duration.ofSeconds(60), () -> get(base + "/healthz").equals("ok"));
                // -docker_only: a raw cgroup is not tracked, while / is.
                assertThat(get(base + "/api/v1.3/containers/")).contains("\"name\":\"/\"");
                assertThat(get(base + "/api/v1.3/subcontainers/")).doesNotContain(raw.name());
                assertThat(Files.readString(log))
                        .contains("flag -logtostderr is accepted for compatibility and has no effect");
            } finally {
                agent.destroy();
                if (!agent.waitFor(20, TimeUnit.SECONDS)) {
                    agent.destroyForcibly();
                }
                Files.deleteIfExists(log);
            }
        }
    }

    private String get(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static List<String> command(List<String> flags) {
        // a random management port: the probes' port must never collide with another agent on this host
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.management.port=0", "-jar", JAR.toString()));
        cmd.addAll(flags);
        return cmd;
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> flags) throws Exception {
        return run(flags, Map.of());
    }

    private static Result run(List<String> flags, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command(flags)).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process p = builder.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
