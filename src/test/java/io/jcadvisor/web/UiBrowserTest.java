package io.jcadvisor.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.jcadvisor.testing.Await;
import io.jcadvisor.testing.Commands;
import io.jcadvisor.testing.HeadlessChrome;
import io.jcadvisor.testing.LiveCgroup;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The UI in a real browser: headless Chromium ({@link HeadlessChrome}) renders the pages of the agent
 * as the application wires it on this host (host root {@code /}, real cgroups, the real dockerd), with
 * a live cgroup {@code /uib-*} burning one core and a busybox container {@code uib-*}. It proves
 * what rest-assured cannot: the scripts run without errors, the canvases get painted from live data,
 * links navigate, and the layout holds on a phone-sized screen. One browser serves the whole class;
 * every test starts with a navigation. Screenshots land in {@code target/ui-*.png}.
 *
 * <p>Needs root on a cgroup v1/hybrid host, {@code /usr/bin/chromium}, {@code /usr/bin/chromedriver}
 * and a running dockerd (all from {@code bin/provision}).
 */
@QuarkusTest
class UiBrowserTest {

    private static final String DOCKER = "/usr/bin/docker";
    private static final String IMAGE = "jcadvisor/busybox:latest";
    private static final Duration LIVE = Duration.ofSeconds(20);
    private static final Duration POLL = Duration.ofMillis(50);
    /** The color of the first series of each chart (containers.js COLORS[0]): CPU total, memory usage. */
    private static final int[] FIRST_SERIES = {0x09, 0x69, 0xda};

    private static HeadlessChrome chrome;
    private static LiveCgroup cgroup;
    private static long burnerPid;
    private static String dockerName;

    @TestHTTPResource("/")
    URL root;

    /** A substring of the network errors (the 404s of a container's URLs) the current test expects in the log. */
    private String expectedNetworkError;

    @BeforeAll
    static void startBrowserCgroupAndContainer() throws IOException {
        assertThat(HeadlessChrome.available()).as("chromium and chromedriver: run bin/provision first").isTrue();
        cgroup = LiveCgroup.create("uib");
        burnerPid = cgroup.start("while :; do :; done").pid();
        dockerName = "uib-" + UUID.randomUUID().toString().substring(0, 8);
        docker("run", "-d", "--name", dockerName, "--label", "uib=browser", IMAGE, "sleep", "600");
        chrome = HeadlessChrome.start(1280, 1000);
    }

    @AfterAll
    static void stopEverything() {
        if (chrome != null) {
            chrome.close();
        }
        if (cgroup != null) {
            cgroup.close();
        }
        if (dockerName != null) {
            try {
                docker("rm", "-f", dockerName);
            } catch (IOException alreadyGone) {
                // Nothing left to remove.
            }
        }
    }

    @BeforeEach
    void freshWindow() {
        chrome.resize(1280, 1000);
        chrome.browserLog();
        expectedNetworkError = null;
    }

    /** Whatever a test did, the page must not have thrown or logged an error. */
    @AfterEach
    void noErrorsInTheConsole() {
        List<String> errors = chrome.browserLog().stream()
                .filter(e -> e.path("level").asText().equals("SEVERE"))
                .filter(e -> !(expectedNetworkError != null && e.path("source").asText().equals("network")
                        && e.path("message").asText().contains(expectedNetworkError)))
                .map(e -> e.path("source").asText() + ": " + e.path("message").asText())
                .toList();
        assertThat(errors).as("browser console errors").isEmpty();
    }

    @Test
    void rootPageShowsMachineAndContainerAndItsSubcontainerLinksNavigate() throws IOException {
        chrome.navigate(url("containers/"));
        String linkText = "return [...document.querySelectorAll('#subcontainer-list a')].some(a => a.textContent === arguments[0])";
        awaitScript(linkText, cgroup.name());

        assertThat(text("#title")).isEqualTo("/");
        assertThat(chrome.execute("return document.title").asText()).isEqualTo("/ – jcadvisor");
        assertThat(text("#overview-list")).contains("Name/", "Collected");
        assertThat(text("#machine-list")).contains("logical cores", "Memory", "Machine ID");
        awaitScript("return document.getElementById('cpu-chart').dataset.latest?.includes('total')");
        // the page names its icon, so the browser does not fetch (and log the 404 of) /favicon.ico
        JsonNode icon = chrome.execute("return fetch(document.querySelector('link[rel=icon]').href)"
                + ".then(r => [r.status, r.headers.get('content-type')])");
        assertThat(icon.get(0).asInt()).isEqualTo(200);
        assertThat(icon.get(1).asText()).startsWith("image/svg+xml");
        // assets are cached for a day, so their URLs carry the version of their contents
        JsonNode assets = chrome.execute("return [...document.querySelectorAll('script[src], link[href]')]"
                + ".map(e => e.getAttribute('src') || e.getAttribute('href'))");
        assertThat(assets).hasSize(4).allSatisfy(a -> assertThat(a.asText()).matches("static/[a-z.]+\\?v=[0-9a-f]{12}"));
        chrome.fullPageScreenshot(Path.of("target/ui-root.png"));

        chrome.click(chrome.find("#subcontainer-list a[href='containers" + cgroup.name() + "']"));
        Await.poll(LIVE, POLL, () -> text("#title"), cgroup.name()::equals);
        assertThat(chrome.currentUrl()).isEqualTo(url("containers" + cgroup.name()));
    }

    @Test
    void cgroupPageDrawsLiveCpuAndMemoryAndListsTheBurningProcess() throws IOException {
        chrome.navigate(url("containers" + cgroup.name()));
        // the burner keeps about one core busy; on two shared cores it may get less, never nothing.
        // Four samples make three CPU points, a line across the whole chart.
        JsonNode cpu = awaitScript("const l = document.getElementById('cpu-chart').dataset.latest;"
                + " return parseInt(document.getElementById('sample-info').textContent) >= 4"
                + " && l && JSON.parse(l).total > 0.05 ? JSON.parse(l) : null");
        assertThat(cpu.path("total").asDouble()).isPositive();
        awaitScript("return document.getElementById('memory-chart').dataset.latest?.includes('usage')");

        JsonNode cpuPixels = pixels("cpu-chart", FIRST_SERIES);
        assertThat(cpuPixels.path("painted").asInt()).as("painted pixels in the CPU plot").isGreaterThan(1000);
        // total is drawn on top of user, which it nearly equals here: its line runs the whole width...
        assertThat(cpuPixels.path("colored").asInt()).as("CPU total pixels: %s", cpuPixels)
                .isGreaterThan(cpuPixels.path("plotWidth").asInt() / 2);
        // ...and stands clearly above the zero line
        assertThat(cpuPixels.path("topmost").asInt()).as("topmost CPU total pixel: %s", cpuPixels)
                .isLessThan(cpuPixels.path("zeroY").asInt() - 10);
        assertThat(chrome.execute("return document.getElementById('cpu-chart').getAttribute('aria-label')").asText())
                .startsWith("total ").contains("user ", "system ");
        assertThat(legend("cpu-chart")).hasSize(3).satisfies(items -> {
            // charts.js formatCores: 3 decimals under one core, 2 up to 10 (a burner on a quiet core reads 1.00)
            assertThat(items.get(0)).matches("total (0\\.\\d{3}|[1-9]\\.\\d{2}|\\d{2,}\\.\\d)");
            assertThat(items.get(1)).startsWith("user ");
            assertThat(items.get(2)).startsWith("system ");
        });
        assertThat(legend("memory-chart")).hasSize(2).satisfies(items -> {
            assertThat(items.get(0)).matches("usage [\\d.]+ (B|KiB|MiB)");
            assertThat(items.get(1)).startsWith("working set ");
        });

        JsonNode memoryPixels = pixels("memory-chart", FIRST_SERIES);
        assertThat(memoryPixels.path("painted").asInt()).as("painted pixels in the memory plot").isGreaterThan(1000);
        assertThat(memoryPixels.path("colored").asInt()).as("memory usage pixels: %s", memoryPixels)
                .isGreaterThan(memoryPixels.path("plotWidth").asInt() / 2);

        JsonNode row = awaitScript("const r = [...document.querySelectorAll('#process-table tbody tr')]"
                + ".find(tr => tr.cells[1]?.textContent === arguments[0]);"
                + " return r ? [...r.cells].map(c => c.textContent) : null", Long.toString(burnerPid));
        assertThat(row.get(10).asText()).isEqualTo("sh");
        assertThat(row.get(0).asText()).isEqualTo("root");
        assertThat(text("#process-info")).isEqualTo("1 process");
        assertThat(text("#sample-info")).contains("samples, newest");
        chrome.fullPageScreenshot(Path.of("target/ui-cgroup.png"));
    }

    @Test
    void numericColumnsAreRightAlignedLikeTheirValues() {
        chrome.navigate(url("containers" + cgroup.name()));
        awaitScript("return document.querySelectorAll('#process-table tbody tr').length > 0");
        JsonNode alignment = chrome.execute("const t = document.getElementById('process-table');"
                + " return [...t.tHead.rows[0].cells].map((th, i) => [th.textContent,"
                + " getComputedStyle(th).textAlign, getComputedStyle(t.tBodies[0].rows[0].cells[i]).textAlign])");
        for (JsonNode column : alignment) {
            assertThat(column.get(1).asText()).as("header %s aligned as its cells", column.get(0).asText())
                    .isEqualTo(column.get(2).asText());
        }
    }

    @Test
    void onAPhoneScreenOnlyTheTablesScrollNotThePage() throws IOException {
        chrome.resize(320, 640);
        chrome.navigate(url("containers" + cgroup.name()));
        awaitScript("return document.querySelectorAll('#process-table tbody tr').length > 0"
                + " && document.getElementById('cpu-chart').dataset.latest?.includes('total')");
        JsonNode widths = chrome.execute("const d = document.documentElement, t = document.getElementById('process-table');"
                + " return {page: d.scrollWidth, viewport: d.clientWidth, table: t.scrollWidth,"
                + " chart: document.getElementById('cpu-chart').getBoundingClientRect().right}");
        assertThat(widths.path("table").asInt()).as("the process table is wider than a phone: %s", widths)
                .isGreaterThan(widths.path("viewport").asInt());
        assertThat(widths.path("page").asInt()).as("page width: %s", widths).isLessThanOrEqualTo(widths.path("viewport").asInt());
        assertThat(widths.path("chart").asDouble()).as("chart's right edge: %s", widths)
                .isLessThanOrEqualTo(widths.path("viewport").asDouble());
        // every legend entry shows whole inside its chart's box (the legend wraps instead)
        JsonNode cut = chrome.execute("return [...document.querySelectorAll('.legend .item')].filter(i =>"
                + " i.getBoundingClientRect().right > i.closest('figure').getBoundingClientRect().right)"
                + ".map(i => i.textContent)");
        assertThat(cut).as("legend entries cut off").isEmpty();
        assertThat(legend("cpu-chart")).hasSize(3);
        // a navigation link wraps as a whole, not between its words
        JsonNode broken = chrome.execute("return [...document.querySelectorAll('header a')]"
                + ".filter(a => a.getClientRects().length > 1).map(a => a.textContent)");
        assertThat(broken).as("links broken over two lines").isEmpty();
        // long ids and paths may break anywhere, words only between each other
        JsonNode splitWords = chrome.execute("""
                const split = [];
                for (const el of document.querySelectorAll('h1, .breadcrumbs, dl.facts dd, ul.links li')) {
                  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
                  for (let node; (node = walker.nextNode());) {
                    for (const m of node.data.matchAll(/\\S+/g)) {
                      if (m[0].length > 16) continue;
                      const r = document.createRange();
                      r.setStart(node, m.index);
                      r.setEnd(node, m.index + m[0].length);
                      if (new Set([...r.getClientRects()].map(q => Math.round(q.top))).size > 1) split.push(m[0]);
                    }
                  }
                }
                return split;
                """);
        assertThat(splitWords).as("words split over two lines").isEmpty();
        chrome.fullPageScreenshot(Path.of("target/ui-phone.png"));
    }

    @Test
    void dockerListLinksToTheContainerPageWithImageAndLabels() throws IOException {
        chrome.navigate(url("docker/"));
        JsonNode row = awaitScript("const r = [...document.querySelectorAll('#docker-table tbody tr')]"
                + ".find(tr => tr.cells[0].textContent === arguments[0]);"
                + " return r ? [...r.cells].map(c => c.textContent) : null", dockerName);
        assertThat(row.get(2).asText()).isEqualTo(IMAGE);
        assertThat(row.get(1).asText()).matches("[0-9a-f]{12}");
        // the summary names the Docker version once the attributes call answered
        assertThat(Await.poll(LIVE, POLL, () -> text("#docker-summary"), t -> t.startsWith("Docker ")))
                .containsPattern("^Docker \\S+ · \\d+ containers?$");
        assertThat(text("#title")).isEqualTo("Docker containers");
        chrome.screenshot(Path.of("target/ui-docker-list.png"));

        chrome.click(chrome.find("#docker-table a[href='docker/" + dockerName + "']"));
        Await.poll(LIVE, POLL, () -> text("#title") + " " + text("#overview-list"),
                t -> t.startsWith(dockerName + " ") && t.contains(IMAGE));
        assertThat(chrome.currentUrl()).isEqualTo(url("docker/" + dockerName));
        String overview = text("#overview-list");
        assertThat(overview).contains("Namespacedocker", "Aliases" + dockerName, "Image" + IMAGE)
                .contains("Name/docker/");
        assertThat(chrome.execute("return [...document.querySelectorAll('#overview-list .label')].map(l => l.textContent)")
                .toString()).contains("uib=browser");
        awaitScript("return document.getElementById('memory-chart').dataset.latest?.includes('usage')");
        awaitScript("return [...document.querySelectorAll('#process-table tbody td')].some(td => td.textContent === 'sleep')");
        chrome.fullPageScreenshot(Path.of("target/ui-docker.png"));
    }

    @Test
    void unknownContainerPageSaysSoInsteadOfStayingBlank() throws IOException {
        String name = "/uib-none-" + UUID.randomUUID().toString().substring(0, 8);
        expectedNetworkError = name + " - Failed to load resource: the server responded with a status of 404";
        chrome.navigate(url("containers" + name));
        JsonNode error = chrome.execute("const e = document.getElementById('error');"
                + " return {text: e.textContent, shown: !e.hidden && e.offsetHeight > 0,"
                + " container: document.getElementById('container').hidden}");
        assertThat(error.path("shown").asBoolean()).as("error banner shown: %s", error).isTrue();
        assertThat(error.path("text").asText()).contains("unknown container \"" + name + "\"");
        assertThat(error.path("container").asBoolean()).as("container sections stay hidden").isTrue();
        assertThat(text("#title")).isEqualTo(name);
        awaitScript("return document.getElementById('machine-list').textContent.includes('logical cores')");
        chrome.screenshot(Path.of("target/ui-unknown.png"));

        chrome.navigate(url("docker/" + name.substring(1)));
        assertThat(text("#error")).contains("failed to get container \"" + name + "\"");
        assertThat(chrome.execute("return document.getElementById('docker-list').hidden").asBoolean()).isTrue();
    }

    @Test
    void aContainerRemovedWhileShownTurnsIntoAnError() throws IOException {
        try (LiveCgroup doomed = LiveCgroup.create("uib")) {
            expectedNetworkError = doomed.name() + " - Failed to load resource: the server responded with a status of 404";
            Await.poll(LIVE, POLL, () -> given().get("/api/v1.0/containers" + doomed.name()).statusCode(),
                    status -> status == 200);
            chrome.navigate(url("containers" + doomed.name()));
            awaitScript("return document.getElementById('title').textContent === arguments[0]"
                    + " && document.getElementById('sample-info').textContent !== ''", doomed.name());
            doomed.close();
            String error = Await.poll(LIVE, POLL, () -> text("#error"), t -> !t.isEmpty());
            assertThat(error).contains(doomed.name());
            assertThat(chrome.execute("return document.getElementById('error').hidden").asBoolean()).isFalse();
            assertThat(text("#status")).as("no retry message once the container is gone").isEmpty();
        }
    }

    @Test
    void theConsoleCheckSeesPageErrors() {
        chrome.navigate(url("containers/"));
        chrome.execute("setTimeout(() => { throw new Error('uib-probe'); }); console.error('uib-console')");
        // reading the log drains it: collect until both entries came
        List<JsonNode> log = new ArrayList<>();
        Await.poll(LIVE, POLL, () -> {
            log.addAll(chrome.browserLog());
            return log.toString();
        }, all -> all.contains("uib-probe") && all.contains("uib-console"));
        assertThat(log).extracting(e -> e.path("source").asText() + " " + e.path("message").asText())
                .anySatisfy(m -> assertThat(m).startsWith("javascript").contains("uib-probe"))
                .anySatisfy(m -> assertThat(m).startsWith("console-api").contains("uib-console"));
    }

    private String url(String relative) {
        return root.toString().replaceAll("/$", "") + "/" + relative;
    }

    /** The legend entries of a chart, as shown. */
    private static List<String> legend(String canvasId) {
        List<String> items = new ArrayList<>();
        chrome.execute("return [...document.getElementById(arguments[0]).previousElementSibling"
                + ".querySelectorAll('.item')].map(i => i.textContent)", canvasId).forEach(i -> items.add(i.asText()));
        return items;
    }

    private static String text(String css) {
        return chrome.execute("const e = document.querySelector(arguments[0]); return e ? e.textContent : ''", css).asText();
    }

    /** Polls a script until it answers something other than null, false or an empty string. */
    private static JsonNode awaitScript(String script, Object... args) {
        Predicate<JsonNode> truthy = v -> !(v.isNull() || v.isMissingNode() || (v.isBoolean() && !v.asBoolean())
                || (v.isTextual() && v.asText().isEmpty()));
        return Await.poll(LIVE, POLL, () -> chrome.execute(script, args), truthy);
    }

    /**
     * Pixels inside a chart's plot area (charts.js: 70 px left for the value axis, 12 right, 8 top,
     * 20 bottom for the time axis): how many are painted at all, how many have the given color
     * (within anti-aliasing), and the device-pixel row of the topmost one and of the zero line.
     */
    private static JsonNode pixels(String canvasId, int[] rgb) {
        return chrome.execute("""
                const c = document.getElementById(arguments[0]), [R, G, B] = arguments[1];
                const dpr = c.width / c.clientWidth;
                const x0 = Math.round(70 * dpr), x1 = c.width - Math.round(12 * dpr);
                const y0 = Math.round(8 * dpr), y1 = c.height - Math.round(20 * dpr);
                const d = c.getContext('2d').getImageData(x0, y0, x1 - x0, y1 - y0 + 2).data;
                let painted = 0, colored = 0, topmost = c.height;
                for (let i = 0; i < d.length; i += 4) {
                  if (d[i + 3] === 0) continue;
                  painted++;
                  if (d[i + 3] > 200 && Math.abs(d[i] - R) + Math.abs(d[i + 1] - G) + Math.abs(d[i + 2] - B) < 90) {
                    colored++;
                    topmost = Math.min(topmost, y0 + Math.floor(i / 4 / (x1 - x0)));
                  }
                }
                return {painted, colored, topmost, zeroY: y1, plotWidth: x1 - x0};
                """, canvasId, rgb);
    }

    private static String docker(String... args) throws IOException {
        List<String> argv = new ArrayList<>(List.of(DOCKER));
        argv.addAll(List.of(args));
        return Commands.run(argv).trim();
    }
}
