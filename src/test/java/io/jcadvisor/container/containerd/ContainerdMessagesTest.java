package io.jcadvisor.container.containerd;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The wire encoding against real containerd 1.6 answers ({@code src/test/resources/containerd/}) and hand-made bytes. */
class ContainerdMessagesTest {

    static final String CAPTURED_ID = "0c0ffee0" + "0".repeat(56);

    static byte[] resource(String name) throws IOException {
        try (InputStream in = ContainerdMessagesTest.class.getResourceAsStream("/containerd/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void realVersionAnswer() throws IOException {
        ContainerdVersion v = ContainerdMessages.version(resource("version-response.bin"));
        assertThat(v).isEqualTo(new ContainerdVersion("1.6.20~ds1", "1.6.20~ds1-1+deb12u3"));
    }

    @Test
    void realContainerAnswer() throws IOException {
        ContainerdContainer c = ContainerdMessages.container(resource("get-container-response.bin"));
        assertThat(c.id()).isEqualTo(CAPTURED_ID);
        assertThat(c.image()).isEqualTo("docker.io/jcadvisor/busybox:latest");
        assertThat(c.labels()).containsEntry("team", "spec")
                .containsEntry("io.containerd.image.config.stop-signal", "SIGTERM").hasSize(2);
        assertThat(c.env()).containsExactly("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "FOO_BAR=baz");
        assertThat(c.cgroupsPath()).isEqualTo("/jcadv-test/" + CAPTURED_ID);
        assertThat(c.createdAt()).hasValueSatisfying(t -> assertThat(t).isAfter(Instant.parse("2026-01-01T00:00:00Z")));
        assertThat(c.sandbox()).isFalse();
    }

    @Test
    void realTaskAnswer() throws IOException {
        assertThat(ContainerdMessages.task(resource("get-task-response.bin")))
                .isEqualTo(new ContainerdTask(31365, ContainerdTask.Status.RUNNING));
    }

    @Test
    void requestsCarryTheIdInFieldOne() {
        // 0x0a = field 1, wire type 2; then the length and the bytes.
        assertThat(HexFormat.of().formatHex(ContainerdMessages.containerRequest("abc"))).isEqualTo("0a03616263");
        assertThat(HexFormat.of().formatHex(ContainerdMessages.taskRequest("abc"))).isEqualTo("0a03616263");
        assertThat(ContainerdMessages.versionRequest()).isEmpty();
        byte[] longId = ContainerdMessages.containerRequest("x".repeat(200));
        assertThat(HexFormat.of().formatHex(longId, 0, 3)).as("length 200 as a two-byte varint").isEqualTo("0ac801");
    }

    @Test
    void handMadeContainerWithSandboxLabelTimestampAndUnknownFields() {
        byte[] entry = new ProtoWriter().string(1, "io.cri-containerd.kind").string(2, "sandbox").toByteArray();
        byte[] spec = "{\"process\":{\"env\":[\"A=1\",7]},\"linux\":{\"cgroupsPath\":\"kubepods-pod1.slice:cri-containerd:x\"}}"
                .getBytes();
        byte[] any = new ProtoWriter().string(1, "types.containerd.io/opencontainers/runtime-spec/1/Spec")
                .bytes(2, spec).toByteArray();
        byte[] ts = new ProtoWriter().uint(1, 1_764_201_600L).uint(2, 5).toByteArray();
        byte[] container = new ProtoWriter().string(1, "id1").bytes(2, entry).string(3, "pause:3.6")
                .uint(4, 99) // wrong wire type for field 4 (runtime): skipped
                .bytes(5, any).bytes(8, ts).string(42, "a field from the future").toByteArray();
        byte[] response = new ProtoWriter().bytes(1, container).toByteArray();

        ContainerdContainer c = ContainerdMessages.container(response);
        assertThat(c.id()).isEqualTo("id1");
        assertThat(c.sandbox()).isTrue();
        assertThat(c.image()).isEqualTo("pause:3.6");
        assertThat(c.env()).containsExactly("A=1");
        assertThat(c.cgroupsPath()).isEqualTo("kubepods-pod1.slice:cri-containerd:x");
        assertThat(c.createdAt()).contains(Instant.ofEpochSecond(1_764_201_600L, 5));
    }

    @Test
    void specThatIsNotJsonGivesNoEnv() {
        byte[] any = new ProtoWriter().bytes(2, new byte[]{1, 2, 3}).toByteArray();
        byte[] container = new ProtoWriter().string(1, "id1").bytes(5, any).toByteArray();
        ContainerdContainer c = ContainerdMessages.container(new ProtoWriter().bytes(1, container).toByteArray());
        assertThat(c.env()).isEmpty();
        assertThat(c.cgroupsPath()).isEmpty();
        assertThat(c.createdAt()).isEmpty();
    }

    @Test
    void taskWithUnknownStatusValueAndHugePid() {
        byte[] process = new ProtoWriter().string(1, "c").uint(3, 0xFFFF_FFFFL).uint(4, 17).toByteArray();
        assertThat(ContainerdMessages.task(new ProtoWriter().bytes(1, process).toByteArray()))
                .isEqualTo(new ContainerdTask(0, ContainerdTask.Status.UNKNOWN));
        assertThat(ContainerdMessages.task(new byte[0])).isEqualTo(new ContainerdTask(0, ContainerdTask.Status.UNKNOWN));
    }

    @Test
    void subscribeRequestFiltersOnTheQuotedNamespace() {
        assertThat(new String(ContainerdMessages.subscribeRequest("k8s.io"), 2, 19))
                .isEqualTo("namespace==\"k8s.io\"");
        ProtoReader r = new ProtoReader(ContainerdMessages.subscribeRequest("a\"b"));
        assertThat(r.next()).isTrue();
        assertThat(r.field()).isEqualTo(1);
        assertThat(r.string()).isEqualTo("namespace==\"a\\\"b\"");
    }

    private static byte[] taskExit(byte[] payload) {
        return new ProtoWriter().string(2, "k8s.io").string(3, "/tasks/exit")
                .bytes(4, new ProtoWriter().string(1, "containerd.events.TaskExit").bytes(2, payload).toByteArray())
                .toByteArray();
    }

    @Test
    void anInitProcessExitCarriesItsStatusAndZeroIsTheAbsentField() {
        byte[] three = new ProtoWriter().string(1, "c1").string(2, "c1").uint(3, 77).uint(4, 3).toByteArray();
        assertThat(ContainerdMessages.event(taskExit(three)))
                .isEqualTo(new ContainerdEvent("k8s.io", "/tasks/exit", "c1", 0, OptionalInt.of(3)));
        byte[] zero = new ProtoWriter().string(1, "c1").string(2, "c1").uint(3, 77).toByteArray();
        assertThat(ContainerdMessages.event(taskExit(zero)).exitStatus()).hasValue(0);
        byte[] exec = new ProtoWriter().string(1, "c1").string(2, "exec-1").uint(3, 78).uint(4, 1).toByteArray();
        assertThat(ContainerdMessages.event(taskExit(exec)).exitStatus()).as("an exec'd process").isEmpty();
        byte[] delete = new ProtoWriter().string(1, "c1").uint(2, 77).uint(3, 3).toByteArray();
        byte[] deleted = new ProtoWriter().string(2, "k8s.io").string(3, "/tasks/delete")
                .bytes(4, new ProtoWriter().string(1, "containerd.events.TaskDelete").bytes(2, delete).toByteArray())
                .toByteArray();
        assertThat(ContainerdMessages.event(deleted).exitStatus()).as("only /tasks/exit").isEmpty();
    }

    @Test
    void eventEnvelopes() {
        byte[] start = new ProtoWriter().string(1, "c1").uint(2, 4321).toByteArray();
        byte[] envelope = new ProtoWriter().bytes(1, new ProtoWriter().uint(1, 1).toByteArray())
                .string(2, "k8s.io").string(3, "/tasks/start")
                .bytes(4, new ProtoWriter().string(1, "containerd.events.TaskStart").bytes(2, start).toByteArray())
                .toByteArray();
        ContainerdEvent e = ContainerdMessages.event(envelope);
        assertThat(e).isEqualTo(new ContainerdEvent("k8s.io", "/tasks/start", "c1", 4321));
        assertThat(e.started()).isTrue();

        byte[] delete = new ProtoWriter().string(1, "c2").toByteArray();
        byte[] deleted = new ProtoWriter().string(2, "ns").string(3, "/containers/delete")
                .bytes(4, new ProtoWriter().string(1, "containerd.events.ContainerDelete").bytes(2, delete).toByteArray())
                .toByteArray();
        assertThat(ContainerdMessages.event(deleted)).isEqualTo(new ContainerdEvent("ns", "/containers/delete", "c2", 0));

        byte[] image = new ProtoWriter().string(2, "ns").string(3, "/images/create")
                .bytes(4, new ProtoWriter().bytes(2, new ProtoWriter().string(1, "busybox").toByteArray()).toByteArray())
                .toByteArray();
        assertThat(ContainerdMessages.event(image).containerId()).as("not a container topic").isEmpty();
    }

    @Test
    void garbageIsAMalformedMessageNeverAnIndexError() throws IOException {
        byte[] real = resource("get-container-response.bin");
        for (int cut = 1; cut < real.length; cut += 7) {
            byte[] truncated = java.util.Arrays.copyOf(real, cut);
            assertThatThrownBy(() -> ContainerdMessages.container(truncated)).as("cut at %d", cut)
                    .isInstanceOf(ProtoReader.MalformedMessageException.class);
        }
        for (byte[] garbage : List.of(new byte[]{(byte) 0xff, (byte) 0xff}, new byte[]{0x0a, (byte) 0xff, 0x7f},
                new byte[]{0x00}, new byte[]{0x0f, 1})) {
            assertThatThrownBy(() -> ContainerdMessages.container(garbage))
                    .isInstanceOf(ProtoReader.MalformedMessageException.class);
            assertThatThrownBy(() -> ContainerdMessages.version(garbage))
                    .isInstanceOf(ProtoReader.MalformedMessageException.class);
        }
        // A container whose first key is a 10-byte varint: a field number beyond int range.
        assertThatThrownBy(() -> ContainerdMessages.container(HexFormat.of().parseHex("0a0bffffffffffffffffffff01")))
                .isInstanceOf(ProtoReader.MalformedMessageException.class);
        assertThatThrownBy(() -> ContainerdMessages.container(new byte[0]))
                .isInstanceOf(ProtoReader.MalformedMessageException.class)
                .hasMessageContaining("without container");
    }
}
