package io.jcadvisor.container.engine;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link DockerJsonParser} on answers captured from the build host's dockerd (see
 * {@code src/test/resources/docker/README}) and on hand-written shapes of the rules it keeps.
 */
class DockerJsonParserTest {

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = DockerJsonParserTest.class.getResourceAsStream("/docker/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void decodesARealInspectAnswer() throws Exception {
        DockerInspect c = DockerJsonParser.inspect(fixture("inspect-busybox.json"));

        assertThat(c.id()).hasSize(64);
        assertThat(c.name()).isEqualTo("/jcadv-dk-fixture");
        assertThat(DockerHandler.parseTime(c.created())).isPresent();
        assertThat(c.running()).isTrue();
        assertThat(c.state().pid()).isPositive();
        assertThat(c.state().health().status()).isEqualTo("healthy");
        assertThat(DockerHandler.parseTime(c.state().startedAt())).isPresent();
        assertThat(c.config().image()).isEqualTo("jcadvisor/busybox:latest");
        assertThat(c.config().labels()).containsEntry("team", "spec");
        assertThat(c.config().env()).contains("JCADV_MODE=live");
        assertThat(c.hostConfig().networkMode()).isEqualTo("default");
        assertThat(c.hostConfig().memory()).isEqualTo(67108864);
        assertThat(c.hostConfig().nanoCpus()).isEqualTo(500_000_000);
        assertThat(c.graphDriver().name()).isEqualTo("overlay2");
        assertThat(c.graphDriver().data()).containsKey("UpperDir");
        assertThat(c.networkSettings().networks()).containsKey("bridge");
        // NetworkMode "default" is the bridge network: where application metrics are scraped.
        assertThat(DockerHandler.ipAddress(c)).isEqualTo("172.17.0.2");
    }

    @Test
    void ipAddressFollowsTheNetworkModeAndIsEmptyForASharedNetwork() {
        DockerInspect custom = FakeDockerClient.container("a", "a", true, "appnet", 0, null);
        assertThat(DockerHandler.ipAddress(custom)).isEqualTo("172.17.0.9");
        DockerInspect shared = FakeDockerClient.container("b", "b", true, "container:a", 0, null);
        assertThat(DockerHandler.ipAddress(shared)).isEmpty();
        DockerInspect legacy = new DockerInspect("c", "/c", null, null, 0, null,
                new DockerInspect.HostConfig("bridge", 0, 0, 0, 0, 0, 0, 0), null,
                new DockerInspect.NetworkSettings("10.1.2.3", null));
        assertThat(DockerHandler.ipAddress(legacy)).isEqualTo("10.1.2.3");
        DockerInspect none = new DockerInspect("d", "/d", null, null, 0, null, null, null, null);
        assertThat(DockerHandler.ipAddress(none)).isEmpty();
    }

    @Test
    void decodesInfo() throws Exception {
        DockerInfo info = DockerJsonParser.info(fixture("info.json"));

        assertThat(info.driver()).isEqualTo("overlay2");
        assertThat(info.dockerRootDir()).isEqualTo("/var/lib/docker");
        assertThat(info.serverVersion()).startsWith("20.10");
    }

    @Test
    void decodesTheEventStreamLineByLine() throws Exception {
        List<String> actions = new ArrayList<>();
        for (String line : new String(fixture("events.ndjson"), StandardCharsets.UTF_8).split("\n")) {
            DockerEvent e = DockerJsonParser.event(line.getBytes(StandardCharsets.UTF_8));
            assertThat(e.containerId()).hasSize(64);
            actions.add(e.effectiveAction());
        }
        assertThat(actions).containsExactly("create", "start", "kill", "die");
    }

    @Test
    void missingFieldsAreAbsentNotErrors() throws Exception {
        DockerInspect c = inspect("{\"Id\":\"x\",\"State\":{},\"Extra\":[1]}");

        assertThat(c.id()).isEqualTo("x");
        assertThat(c.running()).isFalse();
        assertThat(c.state().pid()).isZero();
        assertThat(c.state().health()).isNull();
        assertThat(c.config()).isNull();
        assertThat(c.hostConfig()).isNull();
        assertThat(c.networkSettings()).isNull();
        assertThat(DockerHandler.labels(c)).isEmpty();
    }

    @Test
    void nullsAreAbsentAndNumbersZero() throws Exception {
        DockerInspect c = inspect("{\"Id\":null,\"RestartCount\":null,\"State\":{\"Running\":null,\"Pid\":null,"
                + "\"Health\":null},\"Config\":{\"Labels\":null,\"Env\":null},\"HostConfig\":{\"Memory\":null},"
                + "\"GraphDriver\":null,\"NetworkSettings\":{\"Networks\":null}}");

        assertThat(c.id()).isNull();
        assertThat(c.restartCount()).isZero();
        assertThat(c.state()).isEqualTo(new DockerInspect.State(false, 0, null, null, 0));
        assertThat(c.config()).isEqualTo(new DockerInspect.Config(null, null, null));
        assertThat(c.hostConfig().memory()).isZero();
        assertThat(c.graphDriver()).isNull();
        assertThat(c.networkSettings()).isEqualTo(new DockerInspect.NetworkSettings(null, null));
    }

    @Test
    void unknownFieldsAreSkippedWithAllTheyHold() throws Exception {
        // The unknown values sit before and between the known ones and nest objects and arrays that
        // repeat known names: none of them may leak into the record.
        DockerInspect c = inspect("{\"Mounts\":[{\"Name\":\"vol\",\"Id\":\"no\"}],\"Id\":\"abc\","
                + "\"State\":{\"Status\":\"running\",\"Running\":true,\"Health\":{\"Log\":[{\"Status\":\"x\"}],"
                + "\"Status\":\"healthy\",\"FailingStreak\":0},\"Pid\":42},"
                + "\"Config\":{\"Cmd\":[\"sleep\",\"1\"],\"Labels\":{\"a\":\"1\",\"b\":\"\"},\"Image\":\"busybox\"},"
                + "\"NetworkSettings\":{\"Ports\":{},\"Networks\":{\"bridge\":{\"IPAMConfig\":null,"
                + "\"IPAddress\":\"172.17.0.5\",\"Links\":null},\"other\":null}},\"Name\":\"/n\"}");

        assertThat(c.id()).isEqualTo("abc");
        assertThat(c.name()).isEqualTo("/n");
        assertThat(c.state()).isEqualTo(new DockerInspect.State(true, 42, null, new DockerInspect.Health("healthy"), 0));
        assertThat(c.config().image()).isEqualTo("busybox");
        assertThat(c.config().labels()).containsExactly(Map.entry("a", "1"), Map.entry("b", ""));
        assertThat(c.networkSettings().networks()).containsOnlyKeys("bridge", "other");
        assertThat(c.networkSettings().networks().get("bridge").ipAddress()).isEqualTo("172.17.0.5");
        assertThat(c.networkSettings().networks().get("other")).isNull();
    }

    @Test
    void scalarsAreCoercedAsDataBindingDid() throws Exception {
        DockerInspect c = inspect("{\"Id\":123,\"RestartCount\":\"3\",\"State\":{\"Running\":\"true\",\"Pid\":7.9},"
                + "\"HostConfig\":{\"Memory\":\"67108864\",\"NanoCpus\":500000000,\"CpuShares\":\"\"}}");

        assertThat(c.id()).isEqualTo("123");
        assertThat(c.restartCount()).isEqualTo(3);
        assertThat(c.state().running()).isTrue();
        assertThat(c.state().pid()).isEqualTo(7);
        assertThat(c.hostConfig().memory()).isEqualTo(67108864L);
        assertThat(c.hostConfig().nanoCpus()).isEqualTo(500_000_000L);
        assertThat(c.hostConfig().cpuShares()).isZero();
    }

    @Test
    void malformedAnswersAreIoErrorsNamingWhatWasFound() {
        assertThatThrownBy(() -> inspect("garbage")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> inspect("")).isInstanceOf(IOException.class)
                .hasMessageContaining("end of the answer");
        assertThatThrownBy(() -> inspect("[]")).isInstanceOf(IOException.class)
                .hasMessageContaining("START_OBJECT");
        assertThatThrownBy(() -> inspect("{\"Id\":\"x\",\"State\":{\"Pid\":")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> inspect("{\"State\":{\"Pid\":{}}}")).isInstanceOf(IOException.class)
                .hasMessageContaining("expected a number");
        assertThatThrownBy(() -> inspect("{\"State\":{\"Pid\":\"twelve\"}}")).isInstanceOf(IOException.class)
                .hasMessageContaining("\"twelve\"");
        assertThatThrownBy(() -> inspect("{\"State\":[1]}")).isInstanceOf(IOException.class)
                .hasMessageContaining("expected START_OBJECT, found START_ARRAY");
        assertThatThrownBy(() -> inspect("{\"Name\":{\"a\":1}}")).isInstanceOf(IOException.class)
                .hasMessageContaining("expected a string");
        assertThatThrownBy(() -> inspect("{\"State\":{\"Running\":2}}")).isInstanceOf(IOException.class)
                .hasMessageContaining("expected true or false");
    }

    @Test
    void decodesVersionContainerListAndErrorMessage() throws Exception {
        DockerVersion v = DockerJsonParser.version(bytes("{\"Platform\":{\"Name\":\"x\"},\"Version\":\"20.10.24\","
                + "\"ApiVersion\":\"1.41\",\"Components\":[{\"Version\":\"no\"}]}"));
        assertThat(v).isEqualTo(new DockerVersion("20.10.24", "1.41"));

        List<DockerContainerSummary> list = DockerJsonParser.containers(bytes("[{\"Id\":\"a\",\"Names\":[\"/one\"],"
                + "\"State\":\"running\",\"Labels\":{}},{\"Id\":\"b\",\"Names\":null}]"));
        assertThat(list).containsExactly(new DockerContainerSummary("a", List.of("/one"), "running"),
                new DockerContainerSummary("b", null, null));
        assertThat(DockerJsonParser.containers(bytes("[]"))).isEmpty();
        assertThatThrownBy(() -> DockerJsonParser.containers(bytes("{}"))).isInstanceOf(IOException.class);

        assertThat(DockerJsonParser.message(bytes("{\"message\":\"No such container: x\"}"))).isEqualTo("No such container: x");
        assertThat(DockerJsonParser.message(bytes("{\"cause\":\"x\"}"))).isNull();
        assertThatThrownBy(() -> DockerJsonParser.message(bytes("page not found"))).isInstanceOf(IOException.class);
    }

    @Test
    void decodesOldAndNewEventShapes() throws Exception {
        DockerEvent old = DockerJsonParser.event(bytes("{\"status\":\"die\",\"id\":\"abc\",\"from\":\"busybox\"}"));
        assertThat(old.effectiveAction()).isEqualTo("die");
        assertThat(old.containerId()).isEqualTo("abc");
        DockerEvent now = DockerJsonParser.event(bytes("{\"Type\":\"container\",\"Action\":\"start\","
                + "\"Actor\":{\"ID\":\"def\",\"Attributes\":{\"ID\":\"no\"}},\"time\":1}"));
        assertThat(now.type()).isEqualTo("container");
        assertThat(now.effectiveAction()).isEqualTo("start");
        assertThat(now.containerId()).isEqualTo("def");
    }

    private static DockerInspect inspect(String json) throws IOException {
        return DockerJsonParser.inspect(bytes(json));
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
