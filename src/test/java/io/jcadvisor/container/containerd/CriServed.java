package io.jcadvisor.container.containerd;

import com.fasterxml.jackson.databind.JsonNode;
import io.jcadvisor.testing.PrivateContainerd;

import java.util.List;

import static io.jcadvisor.testing.ApiJson.texts;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the agent must serve for a CRI pod's containers ({@code /api/v1.3/containers/<cgroup>}), whether
 * it runs in-process ({@link CriPodsLiveTest}) or from its image ({@code CriPodsImageIT}).
 */
public final class CriServed {

    private CriServed() {
    }

    /** An app container: its id and cgroup as aliases, containerd's namespace, busybox, the kubelet's labels. */
    public static void assertContainer(JsonNode info, KubeletPods.Pod pod, String containerName, String id) {
        String name = pod.cgroupOf(id);
        assertThat(texts(info.path("aliases"))).as(name).containsExactly(id, name);
        assertThat(info.path("namespace").asText()).isEqualTo("containerd");
        JsonNode spec = info.path("spec");
        assertThat(spec.path("image").asText()).as(name).isEqualTo(PrivateContainerd.BUSYBOX_IMAGE);
        JsonNode labels = spec.path("labels");
        assertThat(labels.path("io.kubernetes.pod.name").asText()).isEqualTo(pod.name);
        assertThat(labels.path("io.kubernetes.pod.namespace").asText()).isEqualTo(pod.namespace);
        assertThat(labels.path("io.kubernetes.pod.uid").asText()).isEqualTo(pod.uid);
        assertThat(labels.path("io.kubernetes.container.name").asText()).isEqualTo(containerName);
        assertThat(labels.path("io.cri-containerd.kind").asText()).isEqualTo("container");
        assertThat(spec.path("has_network").asBoolean()).as("%s shares its sandbox's network", name).isFalse();
    }

    /** The pod's sandbox: its id and cgroup as aliases, the pause image, the sandbox kind, the pod's network. */
    public static void assertSandbox(JsonNode info, KubeletPods.Pod pod) {
        assertThat(texts(info.path("aliases"))).containsExactly(pod.sandboxId, pod.sandboxCgroup());
        JsonNode spec = info.path("spec");
        assertThat(spec.path("image").asText()).isEqualTo(PrivateContainerd.PAUSE_IMAGE);
        assertThat(spec.path("labels").path("io.cri-containerd.kind").asText()).isEqualTo("sandbox");
        assertThat(spec.path("labels").path("io.kubernetes.pod.name").asText()).isEqualTo(pod.name);
        assertThat(spec.path("has_network").asBoolean()).isTrue();
    }

    /**
     * An app container on {@code /metrics}: one {@code container_memory_usage_bytes} series with its id as
     * name, busybox as image and the kubelet's labels, and its memory limit of {@code limitBytes}.
     */
    public static void assertAppSeries(String metrics, KubeletPods.Pod pod, String containerName, String id,
            double limitBytes) {
        String cgroup = pod.cgroupOf(id);
        assertThat(seriesOf(metrics, "container_memory_usage_bytes", cgroup)).singleElement().asString()
                .contains("name=\"" + id + "\"")
                .contains("image=\"" + PrivateContainerd.BUSYBOX_IMAGE + "\"")
                .contains("container_label_io_kubernetes_pod_name=\"" + pod.name + "\"")
                .contains("container_label_io_kubernetes_pod_namespace=\"" + pod.namespace + "\"")
                .contains("container_label_io_kubernetes_pod_uid=\"" + pod.uid + "\"")
                .contains("container_label_io_kubernetes_container_name=\"" + containerName + "\"")
                .contains("container_label_io_cri_containerd_kind=\"container\"");
        List<String> limit = seriesOf(metrics, "container_spec_memory_limit_bytes", cgroup);
        assertThat(limit).hasSize(1);
        assertThat(value(limit.get(0))).isEqualTo(limitBytes);
    }

    /** The lines of {@code family} whose {@code id} label is {@code id}, from an exposition. */
    public static List<String> seriesOf(String metrics, String family, String id) {
        return metrics.lines().filter(l -> l.startsWith(family + "{") && l.contains("id=\"" + id + "\"")).toList();
    }

    /** A sample line's value: the word after the labels (a timestamp may follow it). */
    public static double value(String sampleLine) {
        return Double.parseDouble(sampleLine.substring(sampleLine.lastIndexOf('}') + 1).trim().split(" ")[0]);
    }
}
