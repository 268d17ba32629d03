package io.jcadvisor.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/** Every {@code /api} endpoint against {@link FakeContainerQueries}: shapes, orders, omissions and bad input. */
@QuarkusTest
@TestProfile(ApiTestProfile.class)
class ApiRouteTest {

    static final String DOCKER = ApiFixture.DOCKER_NAME;

    @Inject
    FakeContainerQueries fake;

    // ---- dispatch ----

    @Test
    void apiRootListsVersions() {
        // As Go's ServeMux: the bare subtree name redirects to it.
        given().redirects().follow(false).get("/api").then().statusCode(301).header("Location", "/api/");
        given().get("/api/").then().statusCode(400)
                .contentType("text/plain; charset=utf-8")
                .header("X-Content-Type-Options", "nosniff")
                .body(equalTo("Supported API versions: v1.0,v1.1,v1.2,v1.3,v2.0,v2.1\n"));
    }

    @Test
    void unknownVersionIs404ListingVersions() {
        given().get("/api/v9.9/containers").then().statusCode(404)
                .body(equalTo("unsupported API version \"v9.9\"; Supported API versions: v1.0,v1.1,v1.2,v1.3,v2.0,v2.1\n"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "v1.0|containers,machine",
            "v1.1|containers,machine,subcontainers",
            "v1.2|containers,docker,machine,subcontainers",
            "v1.3|containers,docker,events,machine,subcontainers",
            "v2.0|appmetrics,attributes,events,machine,ps,spec,stats,storage,summary,version",
            "v2.1|appmetrics,attributes,events,machine,machinestats,ps,spec,stats,storage,summary,version"})
    void versionRootListsRequestTypesInOneQuotedString(String version, String types) {
        given().get("/api/" + version + "/").then().statusCode(400)
                .body(equalTo("Supported request types: \"" + types + "\"\n"));
        given().get("/api/" + version).then().statusCode(400)
                .body(equalTo("Supported request types: \"" + types + "\"\n"));
    }

    @Test
    void unknownRequestTypeIs400SayingWhich() {
        given().get("/api/v1.0/foo").then().statusCode(400)
                .body(startsWith("unknown request type \"foo\"; Supported request types: \"containers,machine\""));
        // v1.x has no stats; v2.x has no containers
        given().get("/api/v1.3/stats").then().statusCode(400).body(startsWith("unknown request type \"stats\""));
        given().get("/api/v2.0/containers/").then().statusCode(400)
                .body(startsWith("unknown request type \"containers\""));
        given().get("/api/v2.0/machinestats").then().statusCode(400)
                .body(startsWith("unknown request type \"machinestats\""));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/api/v1.0/containers/docker/..%2F..%2Fetc",
            "/api/v1.0/containers/docker%2Fx",
            "/api/v1.0/containers/docker%2fx",
            "/api/v1.0/containers/docker/%2E%2E/x",
            "/api/v1.0/containers/docker/../../etc",
            "/api/v2.0/spec/docker/%00x",
            "/api/v2.0/stats/..",
    })
    void namesThatCouldLeaveTheCgroupTreeAre400(String rawPath) throws Exception {
        RawHttp.Answer answer = RawHttp.get(RestAssured.port, rawPath);
        // A client or Vert.x may have resolved a plain ".." before us; then the name must at least not be found.
        assertThat(answer.status()).as(rawPath + " -> " + answer.body()).isIn(400);
        assertThat(answer.body()).startsWith("invalid container path");
    }

    // ---- v1 ----

    @Test
    void v13ContainersMatchesGolden() throws Exception {
        String body = given().get("/api/v1.3/containers" + DOCKER).then().statusCode(200)
                .contentType(ContentType.JSON).extract().asString();
        GoldenJson.assertMatches("api/v1.3/containers-docker.json", body);
    }

    @Test
    void v10RootContainerListsDirectChildrenAndSamplesOldestFirst() {
        Response r = given().get("/api/v1.0/containers/");
        r.then().statusCode(200);
        assertThat(r.jsonPath().getString("name")).isEqualTo("/");
        assertThat(r.jsonPath().getList("subcontainers.name")).containsExactly("/docker", "/system.slice");
        assertThat(r.jsonPath().getList("stats.timestamp"))
                .containsExactly("2026-11-26T22:38:54.280183765Z", "2026-11-26T22:38:55.280183765Z");
        assertThat(r.jsonPath().getMap("$")).doesNotContainKeys("id", "aliases", "namespace");
    }

    @Test
    void bodyNumStatsLimitsToTheNewestAndZeroRemovesStats() {
        Response one = given().body("{\"num_stats\":1,\"num_samples\":0}").post("/api/v1.0/containers" + DOCKER);
        assertThat(one.jsonPath().getList("stats.timestamp")).containsExactly("2026-11-26T22:38:56.280183765Z");
        // GET reads the body too, as upstream does
        Response oneGet = given().body("{\"num_stats\":1}").get("/api/v1.0/containers" + DOCKER);
        assertThat(oneGet.jsonPath().getList("stats")).hasSize(1);
        Response none = given().body("{\"num_stats\":0}").post("/api/v1.0/containers" + DOCKER);
        assertThat(none.jsonPath().getMap("$")).doesNotContainKey("stats").containsKey("spec");
        Response all = given().body("{\"num_stats\":-1}").post("/api/v1.0/containers" + DOCKER);
        assertThat(all.jsonPath().getList("stats")).hasSize(3);
        // curl -d and the upstream UI's jQuery post the JSON as a form; it is still the body
        Response form = given().contentType("application/x-www-form-urlencoded; charset=UTF-8")
                .body("{\"num_stats\":1}").post("/api/v1.0/containers" + DOCKER);
        assertThat(form.jsonPath().getList("stats")).hasSize(1);
        Response text = given().contentType("text/plain").body("{\"num_stats\":2}").post("/api/v1.0/containers" + DOCKER);
        assertThat(text.jsonPath().getList("stats")).hasSize(2);
        Response empty = given().body("").post("/api/v1.0/containers" + DOCKER);
        assertThat(empty.jsonPath().getList("stats")).hasSize(3);
    }

    @Test
    void bodyStartAndEndBoundTheSamples() {
        Response r = given().body("{\"start\":\"2026-11-26T22:38:55Z\",\"end\":\"2026-11-26T23:38:55.5+01:00\"}")
                .post("/api/v1.0/containers" + DOCKER);
        assertThat(r.jsonPath().getList("stats.timestamp")).containsExactly("2026-11-26T22:38:55.280183765Z");
        Response zero = given().body("{\"start\":\"0001-01-01T00:00:00Z\"}").post("/api/v1.0/containers" + DOCKER);
        assertThat(zero.jsonPath().getList("stats")).hasSize(3);
    }

    @Test
    void containerWithoutSamplesHasNoStatsKeyAndMachineMemoryAsLimit() {
        Response r = given().get("/api/v1.0/containers/system.slice");
        r.then().statusCode(200);
        assertThat(r.jsonPath().getMap("$")).doesNotContainKey("stats");
        assertThat(r.jsonPath().getLong("spec.memory.limit")).isEqualTo(ApiFixture.MACHINE_MEMORY);
        // unlimited sentinels pass through untouched
        assertThat(given().get("/api/v1.0/containers/docker").asString()).contains("\"limit\":9223372036854771712");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"num_stats\":\"ten\"}|unable to decode the json value: num_stats: expected an integer, got string",
            "{\"num_stats\":1.5}|unable to decode the json value: num_stats: expected an integer",
            "{\"num_stats\":-2}|invalid num_stats -2",
            "{\"start\":1700000000}|unable to decode the json value: start: expected an RFC 3339 time string",
            "{\"end\":\"yesterday\"}|unable to decode the json value: end: not an RFC 3339 time",
            "{num_stats:1}|unable to decode the json value: not valid JSON at line 1, column 2",
            "{\"num_stats\":NaN}|unable to decode the json value: not valid JSON at line 1, column 17",
            "[1,2]|unable to decode the json value: expected a JSON object, got array"})
    void badBodyIs400SayingWhy(String body, String message) {
        given().body(body).post("/api/v1.0/containers/").then().statusCode(400)
                .contentType("text/plain; charset=utf-8").body(startsWith(message));
    }

    @Test
    void unknownContainerIs404WithItsName() {
        given().get("/api/v1.0/containers/nope").then().statusCode(404).body(equalTo("unknown container \"/nope\"\n"));
        given().get("/api/v1.1/subcontainers/nope").then().statusCode(404)
                .body(equalTo("unknown container \"/nope\"\n"));
        given().get("/api/v2.0/spec/nope").then().statusCode(404).body(equalTo("unknown container \"/nope\"\n"));
        given().get("/api/v2.0/stats/nope?recursive=true").then().statusCode(404)
                .body(equalTo("unknown container: \"/nope\"\n"));
    }

    /**
     * A client waiting for a container polls its name until the 404 turns into a 200: the v1 lookup and
     * its refusal happen on the event loop, and only a found container's answer is built on a worker.
     */
    @Test
    void v1LookupIsOnTheEventLoopAndOnlyAFoundAnswerIsBuiltOnAWorker() {
        fake.calls().clear();
        given().get("/api/v1.3/docker/nope").then().statusCode(404);
        given().head("/api/v1.3/docker/nope").then().statusCode(404);
        given().get("/api/v1.0/containers/nope").then().statusCode(404);
        assertThat(fake.calls()).containsExactly("byAlias@event-loop", "byAlias@event-loop", "container@event-loop");

        fake.calls().clear();
        given().get("/api/v1.3/docker/web").then().statusCode(200);
        given().get("/api/v1.3/containers" + DOCKER).then().statusCode(200);
        assertThat(fake.calls()).containsExactly("byAlias@event-loop", "stats@worker", "container@event-loop",
                "stats@worker");
    }

    @Test
    void subcontainersListsSelfAndDescendants() {
        Response r = given().get("/api/v1.1/subcontainers/docker");
        r.then().statusCode(200);
        assertThat(r.jsonPath().getList("name")).containsExactly("/docker", DOCKER);
        Response all = given().get("/api/v1.1/subcontainers/");
        assertThat(all.jsonPath().getList("name")).containsExactly("/", "/docker", DOCKER, "/system.slice");
    }

    @Test
    void dockerIsKeyedByContainerNameAndFindsByAliasIdAndPrefix() {
        for (String x : List.of("", "/", "/web", "/" + ApiFixture.ID, "/b7071d", "/we")) {
            Response r = given().get("/api/v1.2/docker" + x);
            r.then().statusCode(200);
            Map<String, Object> map = r.jsonPath().getMap("$");
            assertThat(map).as(x).containsOnlyKeys(DOCKER);
            assertThat(r.jsonPath().getList("'" + DOCKER + "'.aliases")).containsExactly("web", ApiFixture.ID);
            assertThat(r.jsonPath().getString("'" + DOCKER + "'.namespace")).isEqualTo("docker");
        }
        given().get("/api/v1.2/docker/nope").then().statusCode(404)
                .body(equalTo("unable to find container \"nope\" in \"docker\" namespace\n"));
        given().get("/api/v1.2/docker/a/b").then().statusCode(400)
                .body(equalTo("unknown request for Docker container [a b]\n"));
    }

    @Test
    void machineIsTheSameForEveryVersion() {
        String v10 = given().get("/api/v1.0/machine").then().statusCode(200).extract().asString();
        String v21 = given().get("/api/v2.1/machine").then().statusCode(200)
                .header("Content-Type", "application/json").extract().asString();
        assertThat(v10).isEqualTo(v21).contains("\"num_cores\":2", "\"cpu_frequency_khz\":2596124");
    }

    // ---- events ----

    @Test
    void eventsSelectByTypeNameAndSubcontainers() {
        given().get("/api/v1.3/events").then().statusCode(200).body(equalTo("[]"));
        Response root = given().get("/api/v1.3/events?all_events=true");
        assertThat(root.jsonPath().getList("event_type")).containsExactly("oom", "oomKill");
        assertThat(root.jsonPath().getInt("[1].event_data.oom.pid")).isEqualTo(10948);
        assertThat(root.jsonPath().getMap("[0].event_data")).isEmpty();
        Response sub = given().get("/api/v2.0/events/docker?creation_events=1&deletion_events=T&subcontainers=true");
        assertThat(sub.jsonPath().getList("event_type")).containsExactly("containerCreation", "containerDeletion");
        assertThat(sub.jsonPath().getInt("[1].event_data.container_deletion.exit_code")).isEqualTo(-1);
        Response newest = given().get("/api/v2.1/events/?all_events=true&subcontainers=true&max_events=1");
        assertThat(newest.jsonPath().getList("event_type")).containsExactly("containerDeletion");
        Response window = given().get("/api/v1.3/events/?all_events=true&subcontainers=true"
                + "&start_time=2026-11-26T22:38:25Z&end_time=2026-11-26T22:38:25.5Z");
        assertThat(window.jsonPath().getList("event_type")).containsExactly("containerCreation");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "all_events=yes|invalid 'all_events' option: \"yes\" is not a boolean",
            "stream=2|invalid 'stream' option",
            "max_events=ten|invalid 'max_events' option: not an integer: \"ten\"",
            "start_time=1700000000|invalid 'start_time' option: not an RFC 3339 time: \"1700000000\"",
            "stream=true&end_time=2026-11-26T22:38:25Z|for a call to watch, request.StartTime and request.EndTime "
                    + "must be uninitialized"})
    void badEventParametersAre400(String query, String message) {
        given().urlEncodingEnabled(false).get("/api/v1.3/events?" + query).then().statusCode(400)
                .body(startsWith(message));
    }

    @Test
    void eventStreamSendsOneJsonLinePerEventUntilTheClientLeaves() throws Exception {
        int before = fake.watches().size();
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/v1.3/events/docker?stream=true&creation_events=true&subcontainers=true HTTP/1.1\r\n"
                    + "Host: localhost\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (fake.watches().size() == before && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            FakeContainerQueries.Watch watch = fake.watches().get(fake.watches().size() - 1);
            assertThat(watch.request.containerName()).isEqualTo("/docker");
            assertThat(watch.request.includeSubcontainers()).isTrue();
            assertThat(watch.request.types()).containsExactly("containerCreation");
            watch.sink.accept(new io.jcadvisor.info.v1.Event(DOCKER, ApiFixture.T0, "containerCreation",
                    io.jcadvisor.info.v1.EventData.EMPTY));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
            String line;
            String event = null;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("{")) {
                    event = line;
                    break;
                }
            }
            assertThat(event).isEqualTo("{\"container_name\":\"" + DOCKER
                    + "\",\"timestamp\":\"2026-11-26T22:38:54.280183765Z\",\"event_type\":\"containerCreation\","
                    + "\"event_data\":{}}");
        }
        FakeContainerQueries.Watch watch = fake.watches().get(fake.watches().size() - 1);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!watch.closed && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(watch.closed).as("watch closed after the client left").isTrue();
    }

    @Test
    void eventStreamAnswers200BeforeAnyEvent() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(3_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/v1.3/events/nope?stream=true&oom_events=true HTTP/1.1\r\n"
                    + "Host: localhost\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            // no event ever comes for /nope: a client waiting for the 200 must get it anyway
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
            List<String> headers = new java.util.ArrayList<>();
            String line;
            while ((line = in.readLine()) != null && !line.isEmpty()) {
                headers.add(line.toLowerCase(java.util.Locale.ROOT));
            }
            assertThat(headers).contains("transfer-encoding: chunked").anyMatch(h -> h.startsWith("content-type: "
                    + "application/x-ndjson"));
        }
    }

    // ---- v2 ----

    @Test
    void v20StatsMatchesGolden() throws Exception {
        String body = given().get("/api/v2.0/stats" + DOCKER).then().statusCode(200).extract().asString();
        GoldenJson.assertMatches("api/v2.0/stats-docker.json", body);
    }

    @Test
    void v20StatsKeepsUpstreamQuirks() {
        Response r = given().get("/api/v2.0/stats" + DOCKER + "?count=2");
        String key = "'" + DOCKER + "'";
        assertThat(r.jsonPath().getList(key)).hasSize(2);
        // the first sample of the list has no rate; the second one does
        assertThat(r.jsonPath().getMap(key + "[0]")).doesNotContainKey("cpu_inst");
        assertThat(r.jsonPath().getLong(key + "[1].cpu_inst.usage.total")).isEqualTo(250_000_000L);
        assertThat(r.jsonPath().getBoolean(key + "[1].has_processes")).isFalse();
        assertThat(r.jsonPath().getLong(key + "[1].processes.process_count")).isZero();
        assertThat(r.jsonPath().getMap(key + "[1].network")).doesNotContainKey("name");
        assertThat(r.jsonPath().getLong(key + "[1].network.tcp.Established")).isZero();
        assertThat(r.jsonPath().getMap(key + "[1].network.tcp_advanced")).hasSize(99);
        // root is included in v2.0
        assertThat(given().get("/api/v2.0/stats/").jsonPath().getMap("$")).containsOnlyKeys("/");
    }

    @Test
    void v21StatsDropsRootAndCarriesSpecAndStats() {
        given().get("/api/v2.1/stats/").then().statusCode(200).body(equalTo("{}"));
        Response r = given().get("/api/v2.1/stats/?recursive=true&count=2");
        assertThat(r.jsonPath().getMap("$")).containsOnlyKeys("/docker", DOCKER, "/system.slice");
        String key = "'" + DOCKER + "'";
        assertThat(r.jsonPath().getMap(key + ".spec.cpu")).containsOnlyKeys("limit", "max_limit", "mask");
        assertThat(r.jsonPath().getMap(key + ".spec.processes")).isEmpty();
        assertThat(r.jsonPath().getList(key + ".stats")).hasSize(2);
        assertThat(r.jsonPath().getLong(key + ".stats[1].filesystem.totalUsageBytes")).isEqualTo(40960);
        assertThat(r.jsonPath().getLong(key + ".stats[1].filesystem.baseUsageBytes")).isEqualTo(4096);
        assertThat(r.jsonPath().getLong(key + ".stats[1].filesystem.containter_inode_usage")).isEqualTo(1);
        assertThat(r.jsonPath().getLong(key + ".stats[1].processes.process_count")).isEqualTo(2);
        assertThat(r.jsonPath().getLong(key + ".stats[1].network.tcp.Established")).isEqualTo(1);
        // no samples: no stats key; count=0: likewise
        assertThat(r.jsonPath().getMap("'/system.slice'")).containsOnlyKeys("spec");
        Response none = given().get("/api/v2.1/stats" + DOCKER + "?count=0");
        assertThat(none.jsonPath().getMap(key)).containsOnlyKeys("spec");
    }

    @Test
    void typeDockerResolvesAliasesAndRecursiveListsTheNamespace() {
        Response one = given().get("/api/v2.0/spec/web?type=docker");
        assertThat(one.jsonPath().getMap("$")).containsOnlyKeys(DOCKER);
        assertThat(one.jsonPath().getList("'" + DOCKER + "'.aliases")).containsExactly("web", ApiFixture.ID);
        Response all = given().get("/api/v2.0/spec/?type=docker&recursive=true");
        assertThat(all.jsonPath().getMap("$")).containsOnlyKeys(DOCKER);
        given().get("/api/v2.0/spec/docker?type=docker&recursive=true").then().statusCode(400)
                .body(equalTo("invalid request for docker container \"/docker\" with subcontainers\n"));
        // recursive is exactly "true"
        assertThat(given().get("/api/v2.0/spec/docker?recursive=1").jsonPath().getMap("$")).containsOnlyKeys("/docker");
        assertThat(given().get("/api/v2.0/spec/docker?recursive=true").jsonPath().getMap("$"))
                .containsOnlyKeys("/docker", DOCKER);
    }

    @Test
    void maxAgeRefreshesTheNamedContainersFirst() {
        fake.refreshes().clear();
        given().get("/api/v2.0/stats/docker?recursive=true&max_age=1500ms").then().statusCode(200);
        assertThat(fake.refreshes()).containsExactly(Map.entry(List.of("/docker", DOCKER), Duration.ofMillis(1500)));
        fake.refreshes().clear();
        given().get("/api/v2.0/stats/docker").then().statusCode(200);
        assertThat(fake.refreshes()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "type=bogus|unknown 'type' \"bogus\"",
            "count=abc|failed to parse 'count' option: abc",
            "count=-2|invalid 'count' option: only -1 and larger values allowed, not -2",
            "count=99999999999|failed to parse 'count' option: 99999999999",
            "max_age=5|failed to parse 'max_age' option: time: missing unit in duration \"5\"",
            "max_age=1y|failed to parse 'max_age' option: time: unknown unit \"y\" in duration \"1y\"",
            "max_age=-1s|invalid 'max_age' option: must not be negative, not -1s"})
    void badOptionsAre400EvenForVersionAndMachine(String query, String message) {
        for (String type : List.of("version", "machine", "stats/", "spec/")) {
            given().urlEncodingEnabled(false).get("/api/v2.0/" + type + "?" + query).then().statusCode(400)
                    .body(equalTo(message + "\n"));
        }
    }

    @Test
    void countMinusOneMeansAll() {
        Response r = given().get("/api/v2.0/stats" + DOCKER + "?count=-1");
        assertThat(r.jsonPath().getList("'" + DOCKER + "'")).hasSize(3);
    }

    @Test
    void versionIsAJsonString() {
        given().get("/api/v2.0/version").then().statusCode(200).contentType(ContentType.JSON)
                .body(equalTo("\"" + agentVersion() + "\""));
    }

    private static String agentVersion() {
        return org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getOptionalValue("quarkus.application.version", String.class).orElse("");
    }

    @Test
    void v21AttributesMatchesGolden() throws Exception {
        String body = given().get("/api/v2.1/attributes").then().statusCode(200).extract().asString();
        assertThat(body).contains("\"cadvisor_version\":\"" + agentVersion() + "\"");
        GoldenJson.assertMatches("api/v2.1/attributes.json",
                body.replace("\"cadvisor_version\":\"" + agentVersion() + "\"", "\"cadvisor_version\":\"VERSION\""));
    }

    @Test
    void v21MachineMatchesGolden() throws Exception {
        String body = given().get("/api/v2.1/machine").then().statusCode(200).extract().asString();
        GoldenJson.assertMatches("api/v2.1/machine.json", body);
    }

    @Test
    void v21MachineStatsMatchesGolden() throws Exception {
        String body = given().get("/api/v2.1/machinestats/ignored/path").then().statusCode(200).extract().asString();
        GoldenJson.assertMatches("api/v2.1/machinestats.json", body);
    }

    @Test
    void summaryAnswersDerivedStatsOr404WhenNotTracked() {
        Response r = given().get("/api/v2.0/summary" + DOCKER);
        assertThat(r.jsonPath().getLong("'" + DOCKER + "'.latest_usage.cpu")).isEqualTo(250);
        assertThat(r.jsonPath().getBoolean("'" + DOCKER + "'.minute_usage.cpu.present")).isFalse();
        assertThat(r.jsonPath().getMap("'" + DOCKER + "'")).containsOnlyKeys("timestamp", "latest_usage",
                "minute_usage", "hour_usage", "day_usage");
        assertThat(r.jsonPath().getMap("'" + DOCKER + "'.latest_usage")).containsOnlyKeys("cpu", "memory");
        assertThat(r.jsonPath().getMap("'" + DOCKER + "'.hour_usage")).containsOnlyKeys("percent_complete", "cpu",
                "memory");
        assertThat(r.jsonPath().getMap("'" + DOCKER + "'.day_usage.memory")).containsOnlyKeys("present", "mean",
                "std", "max", "fifty", "ninety", "ninetyfive", "count");
        given().get("/api/v2.0/summary/system.slice").then().statusCode(404)
                .body(equalTo("derived stats not enabled for container \"/system.slice\"\n"));
    }

    @Test
    void specShowsV2ShapeWithMachineMemoryForZeroLimit() {
        Response r = given().get("/api/v2.0/spec/system.slice");
        assertThat(r.jsonPath().getLong("'/system.slice'.memory.limit")).isEqualTo(ApiFixture.MACHINE_MEMORY);
        assertThat(r.jsonPath().getString("'/system.slice'.start_time")).isEqualTo("0001-01-01T00:00:00Z");
        Response d = given().get("/api/v2.0/spec" + DOCKER);
        String key = "'" + DOCKER + "'";
        assertThat(d.jsonPath().getMap(key + ".cpu")).containsEntry("limit", 1024).containsEntry("mask", "0-1")
                .doesNotContainKeys("quota", "period");
        assertThat(d.jsonPath().getMap(key + ".labels")).containsEntry("team", "spec");
        assertThat(d.jsonPath().getString(key + ".image")).isEqualTo("local/busybox:latest");
        assertThat(d.jsonPath().getString(key + ".namespace")).isEqualTo("docker");
        assertThat(d.asString()).contains("\"reservation\":9223372036854771712");
    }

    @Test
    void storageListsRootFilesystemsByLabelAndUuid() {
        Response all = given().get("/api/v2.0/storage");
        all.then().statusCode(200);
        assertThat(all.jsonPath().getList("device")).containsExactly("/dev/vda1", "overlay_0-39");
        assertThat(all.jsonPath().getList("[0].labels")).containsExactly("docker-images", "root");
        assertThat(all.jsonPath().getString("[0].mountpoint")).isEqualTo("/");
        assertThat(all.jsonPath().getMap("[0]")).containsOnlyKeys("timestamp", "device", "mountpoint", "capacity",
                "available", "usage", "labels", "inodes", "inodes_free");
        assertThat(all.jsonPath().getLong("[0].inodes_free")).isEqualTo(16_343_469L);
        assertThat(all.jsonPath().getString("[0].timestamp")).isEqualTo("2026-11-26T22:38:55.280183765Z");
        assertThat(all.jsonPath().getMap("[1]")).doesNotContainKeys("inodes", "inodes_free");
        assertThat(all.jsonPath().getList("[1].labels")).isEmpty();
        Response label = given().get("/api/v2.0/storage?label=root");
        assertThat(label.jsonPath().getList("device")).containsExactly("/dev/vda1");
        Response uuid = given().get("/api/v2.1/storage?uuid=" + FakePartitionSource.ROOT_UUID + "&label=nope");
        assertThat(uuid.jsonPath().getString("device")).isEqualTo("/dev/vda1");
        given().get("/api/v2.0/storage?label=nope").then().statusCode(404)
                .body(equalTo("non-existent label \"nope\"\n"));
        given().get("/api/v2.0/storage?uuid=nope").then().statusCode(404)
                .body(equalTo("no filesystem with UUID \"nope\"\n"));
    }

    @Test
    void psListsTheContainersProcessesOrAllForRoot() {
        Response d = given().get("/api/v2.0/ps/web?type=docker&recursive=true");
        d.then().statusCode(200);
        assertThat(d.jsonPath().getList("pid")).containsExactly(101, 102);
        assertThat(d.jsonPath().getList("cgroup_path")).containsExactly("", "");
        assertThat(d.jsonPath().getLong("[0].rss")).isEqualTo(4_194_304L);
        assertThat(d.jsonPath().getString("[0].status")).isEqualTo("S<Ll");
        assertThat(d.jsonPath().getMap("[0]")).containsOnlyKeys("user", "pid", "parent_pid", "start_time",
                "percent_cpu", "percent_mem", "rss", "virtual_size", "status", "running_time", "cgroup_path", "cmd",
                "fd_count", "psr");
        Response root = given().get("/api/v2.0/ps/");
        assertThat(root.jsonPath().getList("cgroup_path")).containsExactly("/", DOCKER, DOCKER);
        given().get("/api/v2.0/ps/nope").then().statusCode(404);
    }

    @Test
    void appMetricsIsKeyedByTheRequestedName() {
        given().get("/api/v2.0/appmetrics/").then().statusCode(200).body(equalTo("{\"/\":{}}"));
        given().get("/api/v2.0/appmetrics/web?type=docker").then().statusCode(200).body(equalTo("{\"/web\":{}}"));
        given().get("/api/v2.0/appmetrics/nope").then().statusCode(404);
    }

    @Test
    void ourOwnFaultIs500WithoutDetails() {
        given().get("/api/v1.3/events/boom?all_events=true").then().statusCode(500)
                .contentType("text/plain; charset=utf-8").body(equalTo("internal error\n"));
    }

    @Test
    void unknownRouteIsAPlainTextNotFound() {
        given().get("/apix").then().statusCode(404).contentType("text/plain; charset=utf-8");
    }

    @Test
    void putBehavesLikeGet() {
        given().put("/api/v2.0/version").then().statusCode(200);
        given().body("{\"num_stats\":1}").put("/api/v1.0/containers" + DOCKER).then().statusCode(200);
    }

    @Test
    void anAnswerLargerThanOneChunkGoesOutChunkedAndWhole() {
        // ApiTestProfile sets 4 KiB chunks
        Response chunked = given().get("/api/v1.3/subcontainers/");
        chunked.then().statusCode(200).contentType(ContentType.JSON).header("Transfer-Encoding", "chunked");
        assertThat(chunked.asByteArray().length).isGreaterThan(2 * 4096);
        assertThat(chunked.jsonPath().getList("name")).contains("/", DOCKER);
        // a small answer fits one chunk and says its length
        given().get("/api/v2.0/version").then().statusCode(200)
                .header("Content-Length", String.valueOf(agentVersion().length() + 2));
    }

    @Test
    void headAnswersTheStatusAndTypeOfAGetWithoutBody() {
        Response known = given().head("/api/v1.3/subcontainers/");
        known.then().statusCode(200).contentType(ContentType.JSON);
        assertThat(known.asByteArray()).isEmpty();
        given().head("/api/v1.3/containers/nope").then().statusCode(404);
    }

    @Test
    void optionsListsTheMethodsAndAnyOtherIs405() {
        given().options("/api/v1.3/containers/").then().statusCode(200)
                .header("Allow", "HEAD, GET, POST, PUT, OPTIONS");
        given().delete("/api/v1.3/containers/").then().statusCode(405)
                .header("Allow", "HEAD, GET, POST, PUT, OPTIONS")
                .contentType("text/plain; charset=utf-8").body(equalTo("Method Not Allowed\n"));
    }

    @Test
    void queryNamesAreCaseSensitiveAsUpstreams() {
        // `Type` is not `type`: the docker namespace is not selected, so the name is a cgroup path
        given().get("/api/v2.0/spec/web?Type=docker").then().statusCode(404);
        given().get("/api/v2.0/spec/web?type=docker").then().statusCode(200);
    }
}
