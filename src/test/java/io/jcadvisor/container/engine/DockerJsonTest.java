package io.jcadvisor.container.engine;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.jcadvisor.container.engine.VertxDockerClient.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Decoding of answers captured from the build host's dockerd (see {@code src/test/resources/docker/README}). */
class DockerJsonTest {

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = DockerJsonTest.class.getResourceAsStream("/docker/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void decodesARealInspectAnswer() throws Exception {
        DockerInspect c = JSON.readValue(fixture("inspect-busybox.json"), DockerInspect.class);

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
        DockerInfo info = JSON.readValue(fixture("info.json"), DockerInfo.class);

        assertThat(info.driver()).isEqualTo("overlay2");
        assertThat(info.dockerRootDir()).isEqualTo("/var/lib/docker");
        assertThat(info.serverVersion()).startsWith("20.10");
    }

    @Test
    void decodesTheEventStreamLineByLine() throws Exception {
        List<String> actions = new ArrayList<>();
        for (String line : new String(fixture("events.ndjson"), StandardCharsets.UTF_8).split("\n")) {
            DockerEvent e = JSON.readValue(line, DockerEvent.class);
            assertThat(e.containerId()).hasSize(64);
            actions.add(e.effectiveAction());
        }
        assertThat(actions).containsExactly("create", "start", "kill", "die");
    }

    @Test
    void missingFieldsAreAbsentNotErrors() throws Exception {
        DockerInspect c = JSON.readValue("{\"Id\":\"x\",\"State\":{},\"Extra\":[1]}", DockerInspect.class);

        assertThat(c.running()).isFalse();
        assertThat(c.config()).isNull();
        assertThat(DockerHandler.labels(c)).isEmpty();
        assertThatThrownBy(() -> JSON.readValue("garbage", DockerInspect.class)).isInstanceOf(IOException.class);
    }
}
