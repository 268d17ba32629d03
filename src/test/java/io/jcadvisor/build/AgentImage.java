package io.jcadvisor.build;

import io.jcadvisor.testing.Await;
import io.jcadvisor.testing.HttpProbe;
import io.jcadvisor.testing.Commands;

import java.io.IOException;
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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM image {@code bin/image} builds, started with the README's "Deploy on Docker" command. The
 * command is read from the README itself, so the test runs what users copy; only the container's
 * name (unique per test) and the published host ports (free ones on loopback) are changed.
 */
final class AgentImage {

    /** Debian's client matches Debian's daemon; a newer client earlier on PATH may not. */
    static final String DOCKER = Files.isExecutable(Path.of("/usr/bin/docker")) ? "/usr/bin/docker" : "docker";

    /** Where the probes are served inside the container: Quarkus' management interface. */
    static final int PROBE_PORT = 8081;
    static final String READY_PATH = "/q/health/ready";
    static final String LIVE_PATH = "/q/health/live";
    /** The port of the API and /metrics inside the container. */
    static final int HTTP_PORT = 8080;

    private static final Pattern README_RUN = Pattern.compile(
            "(?m)^ {4}(docker run -d --name jcadvisor (?:.*\\\\\\n)*.*)$");

    private static String image;

    private AgentImage() {
    }

    /** Builds the image with {@code bin/image} once per test JVM (cached and incremental itself); its name. */
    static synchronized String build() throws IOException, InterruptedException {
        if (image == null) {
            Path log = Files.createTempFile("image-build", ".log");
            Process p = new ProcessBuilder("bash", "bin/image").directory(SourceFiles.project().toFile())
                    .redirectError(log.toFile()).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            // A first build on a new machine runs mmdebstrap and jdeps over every jar: minutes.
            if (!p.waitFor(20, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("bin/image failed: " + Files.readString(log));
            }
            Files.delete(log);
            image = out.substring(out.lastIndexOf('\n') + 1);
        }
        return image;
    }

    /** The README's {@code docker run} command, word by word (it has no quoting). */
    static List<String> readmeCommand() throws IOException {
        Matcher m = README_RUN.matcher(Files.readString(SourceFiles.project().resolve("README.md")));
        if (!m.find()) {
            throw new IllegalStateException("README.md has no \"docker run -d --name jcadvisor\" block");
        }
        return List.of(m.group(1).replace("\\\n", " ").trim().split("\\s+"));
    }

    /**
     * The README's command with this container name, each {@code -p host:container} published on a
     * free loopback port, and {@code extraOptions} before the image (the image stays the README's).
     */
    static List<String> command(String name, List<String> extraOptions) throws IOException {
        List<String> words = readmeCommand();
        List<String> argv = new ArrayList<>();
        argv.add(DOCKER);
        for (int i = 1; i < words.size() - 1; i++) {
            String w = words.get(i);
            String previous = words.get(i - 1);
            if (previous.equals("--name")) {
                w = name;
            } else if (previous.equals("-p")) {
                w = "127.0.0.1::" + w.substring(w.lastIndexOf(':') + 1);
            }
            argv.add(w);
        }
        argv.addAll(extraOptions);
        argv.add(words.get(words.size() - 1));
        return argv;
    }

    /** A started agent container and where its published ports are. */
    record Agent(String name, URI api, URI probes) {

        URI api(String path) {
            return api.resolve(path);
        }

        /** Its {@code /metrics} text, or "" while it does not answer 200 (for polls). */
        String metricsOrEmpty() {
            try {
                return get(api("/metrics"));
            } catch (IOException e) {
                return "";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "";
            }
        }
    }

    /** Runs {@link #command} and finds its published ports; does not wait for readiness. */
    static Agent start(String name, List<String> extraOptions) throws IOException {
        Commands.run(command(name, extraOptions));
        return new Agent(name, published(name, HTTP_PORT), published(name, PROBE_PORT));
    }

    /** Waits until the readiness probe answers 200 (start-up of a JVM on a shared host: seconds). */
    static void awaitReady(Agent agent) {
        Await.poll(Duration.ofSeconds(90), Duration.ofMillis(500),
                () -> status(agent.probes().resolve(READY_PATH)), s -> s == 200);
    }

    static String docker(String... args) throws IOException {
        List<String> argv = new ArrayList<>(List.of(DOCKER));
        argv.addAll(List.of(args));
        return Commands.run(argv).trim();
    }

    static void removeQuietly(String name) {
        try {
            docker("rm", "-f", name);
        } catch (IOException e) {
            // Already gone (or never started): nothing to clean.
        }
    }

    static int status(URI uri) {
        return HttpProbe.status(HTTP, uri);
    }

    static String get(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException(uri + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static URI published(String name, int containerPort) throws IOException {
        String hostPort = docker("port", name, containerPort + "/tcp").lines().findFirst()
                .orElseThrow(() -> new IOException(name + " publishes no port " + containerPort));
        return URI.create("http://" + hostPort + "/");
    }
}
