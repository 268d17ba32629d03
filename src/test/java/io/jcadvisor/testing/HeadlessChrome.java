package io.jcadvisor.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Headless Chromium for browser tests, driven over ChromeDriver's W3C WebDriver HTTP protocol with
 * {@link HttpClient} (no Selenium): {@code /usr/bin/chromedriver} on a free loopback port, one session
 * with a fresh profile directory, and everything stopped and deleted on {@link #close()}.
 *
 * <p>Chromium runs with its background networking off: on this closed network its update, sync and
 * field-trial requests would only fill the log with refused connections. The browser log
 * ({@code goog:loggingPrefs}) is kept so tests can assert the page logged no errors.
 */
public final class HeadlessChrome implements AutoCloseable {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    /** The W3C key of an element reference in a WebDriver answer. */
    private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Process driver;
    private final URI base;
    private final Path profile;
    private String session;

    private HeadlessChrome(Process driver, URI base, Path profile) {
        this.driver = driver;
        this.base = base;
        this.profile = profile;
    }

    /** Whether Chromium and ChromeDriver are installed ({@code bin/provision} installs both). */
    public static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /** Starts ChromeDriver and opens a session with a browser window of the given size in CSS pixels. */
    public static HeadlessChrome start(int width, int height) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path profile = Files.createTempDirectory("uib-chrome-");
        Process driver = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port, "--allowed-ips=127.0.0.1")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        HeadlessChrome chrome = new HeadlessChrome(driver, URI.create("http://127.0.0.1:" + port + "/"), profile);
        try {
            Await.until(Duration.ofSeconds(10), chrome::driverReady);
            chrome.newSession(width, height);
        } catch (RuntimeException | Error e) {
            chrome.close();
            throw e;
        }
        return chrome;
    }

    private boolean driverReady() {
        try {
            return call("GET", "status", null).path("ready").asBoolean();
        } catch (RuntimeException notYet) {
            return false;
        }
    }

    private void newSession(int width, int height) {
        ObjectNode options = JSON.createObjectNode();
        options.put("binary", CHROMIUM.toString());
        List<String> args = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=" + width + "," + height,
                "--user-data-dir=" + profile);
        args.forEach(options.putArray("args")::add);
        ObjectNode always = JSON.createObjectNode();
        always.put("browserName", "chrome");
        always.set("goog:chromeOptions", options);
        always.putObject("goog:loggingPrefs").put("browser", "ALL");
        ObjectNode body = JSON.createObjectNode();
        body.putObject("capabilities").set("alwaysMatch", always);
        session = call("POST", "session", body).path("sessionId").asText();
    }

    /** Navigates and waits for the document to load (not for the page's own fetches). */
    public void navigate(String url) {
        call("POST", path("url"), JSON.createObjectNode().put("url", url));
    }

    public String currentUrl() {
        return call("GET", path("url"), null).asText();
    }

    /** The reference of the first element matching a CSS selector; fails when there is none. */
    public String find(String css) {
        JsonNode found = call("POST", path("element"),
                JSON.createObjectNode().put("using", "css selector").put("value", css));
        return found.path(ELEMENT).asText();
    }

    /** A real click (the browser scrolls the element into view and dispatches mouse events). */
    public void click(String element) {
        call("POST", path("element/" + element + "/click"), JSON.createObjectNode());
    }

    /** Runs a script body ({@code return …}) in the page; {@code arguments[i]} are the args. */
    public JsonNode execute(String script, Object... args) {
        ObjectNode body = JSON.createObjectNode();
        body.put("script", script);
        body.set("args", JSON.valueToTree(args));
        return call("POST", path("execute/sync"), body);
    }

    /** Resizes the window (CSS pixels). */
    public void resize(int width, int height) {
        call("POST", path("window/rect"), JSON.createObjectNode().put("width", width).put("height", height));
    }

    /** Saves a PNG of the viewport. */
    public void screenshot(Path file) throws IOException {
        byte[] png = Base64.getDecoder().decode(call("GET", path("screenshot"), null).asText());
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, png);
    }

    /**
     * Saves a PNG of the whole page, beyond the viewport, through ChromeDriver's Chrome DevTools
     * passthrough ({@code goog/cdp/execute}, {@code Page.captureScreenshot}): W3C screenshots stop at
     * the viewport.
     */
    public void fullPageScreenshot(Path file) throws IOException {
        JsonNode size = execute("const d = document.documentElement; return [d.scrollWidth, d.scrollHeight]");
        ObjectNode params = JSON.createObjectNode().put("format", "png").put("captureBeyondViewport", true);
        params.putObject("clip").put("x", 0).put("y", 0).put("width", size.get(0).asInt())
                .put("height", size.get(1).asInt()).put("scale", 1);
        ObjectNode body = JSON.createObjectNode().put("cmd", "Page.captureScreenshot");
        body.set("params", params);
        byte[] png = Base64.getDecoder().decode(call("POST", path("goog/cdp/execute"), body).path("data").asText());
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, png);
    }

    /**
     * Browser log entries ({@code level}, {@code source}, {@code message}) since the last call; the
     * log is drained by reading it.
     */
    public List<JsonNode> browserLog() {
        List<JsonNode> entries = new ArrayList<>();
        call("POST", path("se/log"), JSON.createObjectNode().put("type", "browser")).forEach(entries::add);
        return entries;
    }

    private String path(String command) {
        return "session/" + session + "/" + command;
    }

    /** One WebDriver command; answers its {@code value}, or throws with the driver's error. */
    private JsonNode call(String method, String path, JsonNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json; charset=utf-8")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode value = JSON.readTree(response.body()).path("value");
            if (response.statusCode() != 200) {
                throw new IllegalStateException("WebDriver " + method + " " + path + " answered "
                        + response.statusCode() + ": " + value.path("error").asText() + ": "
                        + value.path("message").asText());
            }
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Ends the session (the browser quits), stops ChromeDriver and deletes the profile. */
    @Override
    public void close() {
        if (session != null) {
            try {
                call("DELETE", "session/" + session, null);
            } catch (RuntimeException alreadyGone) {
                // The driver is stopped below either way, taking the browser with it.
            }
            session = null;
        }
        driver.descendants().forEach(ProcessHandle::destroyForcibly);
        driver.destroyForcibly();
        try {
            driver.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> paths = Files.walk(profile)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // A leftover temp profile directory is harmless; the test result stands.
        }
    }
}
