package io.jcadvisor.web.secure;

import io.jcadvisor.testing.Await;
import io.jcadvisor.testing.HttpProbe;
import io.jcadvisor.testing.LocalServer;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged agent ({@code target/quarkus-app}) run as its own process with a web config, on free
 * ports: the main port and the management port. Ready when the management port's readiness probe
 * answers 200, which needs no credentials whatever the web config says.
 */
final class AgentProcess implements AutoCloseable {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

    final int port;
    final int managementPort;
    final Path log;
    private final Process process;

    private AgentProcess(int port, int managementPort, Path log, Process process) {
        this.port = port;
        this.managementPort = managementPort;
        this.log = log;
        this.process = process;
    }

    /** Starts the agent with {@code -web.config.file=webConfig} and waits until it is ready. */
    static AgentProcess start(Path webConfig) throws IOException {
        int port = LocalServer.freePort();
        int management = LocalServer.freePort();
        Path log = Files.createTempFile("jcadvisor-tls-agent", ".log");
        Process process = new ProcessBuilder(command(List.of("-Dquarkus.management.port=" + management),
                List.of("-port=" + port, "-listen_ip=127.0.0.1", "-web.config.file=" + webConfig,
                        "-docker_only", "-housekeeping_interval=1s")))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        AgentProcess agent = new AgentProcess(port, management, log, process);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        try {
            Await.until(Duration.ofSeconds(90), () -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the agent exited: " + agent.logText());
                }
                return HttpProbe.status(http, agent.managementUrl("/q/health/ready")) == 200;
            });
        } catch (RuntimeException | Error e) {
            agent.close();
            throw e;
        }
        return agent;
    }

    /** Runs the agent to its exit, for configurations that must stop start-up: exit code and output. */
    static Result run(Path webConfig) throws Exception {
        Process p = new ProcessBuilder(command(List.of("-Dquarkus.management.port=0"),
                List.of("-port=0", "-listen_ip=127.0.0.1", "-web.config.file=" + webConfig)))
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return new Result(p.exitValue(), output);
    }

    record Result(int exit, String output) {
    }

    String url(String path) {
        return "https://localhost:" + port + path;
    }

    String managementUrl(String path) {
        return "http://127.0.0.1:" + managementPort + path;
    }

    long pid() {
        return process.pid();
    }

    String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static List<String> command(List<String> jvm, List<String> flags) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvm);
        cmd.addAll(List.of("-jar", JAR.toString()));
        cmd.addAll(flags);
        return cmd;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            Files.deleteIfExists(log);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // a log left in /tmp is harmless
        }
    }
}
