package io.jcadvisor.container.containerd;

import io.jcadvisor.testing.PrivateContainerd;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kubelet-like harness itself, without the agent: a private containerd answers CRI, has both
 * images, runs a pod with its containers in the pod cgroup the harness made, and leaves nothing
 * behind (daemon, directory, bridge, pod cgroup) once closed.
 */
class CriHarnessLiveTest {

    @Test
    void aPodRunsInItsPodCgroupAndNothingIsLeftAfterwards() throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        PrivateContainerd containerd = PrivateContainerd.start();
        Path dir = containerd.directory();
        String bridge = containerd.bridge();
        KubeletPods.Pod pod;
        try (KubeletPods kubelet = new KubeletPods(vertx, containerd)) {
            assertThat(kubelet.cri().version()).startsWith("containerd ");
            assertThat(kubelet.cri().imageStatus(PrivateContainerd.PAUSE_IMAGE)).isPresent();
            assertThat(kubelet.cri().imageStatus(PrivateContainerd.BUSYBOX_IMAGE)).isPresent();
            assertThat(kubelet.cri().imageStatus("docker.io/jcadvisor/none:1")).isEmpty();

            pod = kubelet.run("harness", "default", List.of(
                    KubeletPods.ContainerSpec.of("one", "sleep 600").cpu(100, 200).memory(16 << 20, 32 << 20),
                    KubeletPods.ContainerSpec.of("two", "sleep 600")));
            assertThat(pod.qos).isEqualTo(KubeletPods.Qos.BURSTABLE);
            for (String id : pod.containers.values()) {
                CriMessages.ContainerStatus status = kubelet.cri().containerStatus(id);
                assertThat(status.state()).isEqualTo(CriMessages.ContainerStatus.RUNNING);
                assertThat(Path.of("/sys/fs/cgroup/memory" + pod.cgroupOf(id))).isDirectory();
            }
            assertThat(Path.of("/sys/fs/cgroup/memory" + pod.sandboxCgroup())).isDirectory();
            assertThat(Files.readString(Path.of("/sys/fs/cgroup/memory" + pod.cgroupOf(pod.id("one"))
                    + "/memory.limit_in_bytes")).trim()).isEqualTo(Long.toString(32 << 20));
            assertThat(Files.readString(Path.of("/sys/fs/cgroup/cpu" + pod.cgroup() + "/cpu.shares")).trim())
                    .isEqualTo(Long.toString(KubeletPods.shares(100)));
            String restarted = kubelet.restart(pod, "two");
            assertThat(kubelet.cri().containerStatus(restarted).state()).isEqualTo(CriMessages.ContainerStatus.RUNNING);
        } finally {
            containerd.close();
            vertx.close();
        }
        assertThat(dir).doesNotExist();
        assertThat(Path.of("/sys/fs/cgroup/memory" + pod.cgroup())).doesNotExist();
        assertThat(io.jcadvisor.testing.Commands.run(List.of("ip", "-br", "link"))).doesNotContain(bridge);
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(dir.toString());
    }
}
