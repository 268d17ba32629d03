package io.jcadvisor.metrics;

import io.jcadvisor.info.v1.ContainerReference;
import io.jcadvisor.info.v1.ContainerSpec;
import io.jcadvisor.info.v1.ContainerStats;
import io.jcadvisor.info.v1.CpuCfs;
import io.jcadvisor.info.v1.CpuSchedstat;
import io.jcadvisor.info.v1.CpuStats;
import io.jcadvisor.info.v1.CpuUsage;
import io.jcadvisor.info.v1.Health;
import io.jcadvisor.info.v1.PsiStats;
import io.jcadvisor.manager.ContainerSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.StringWriter;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The kubelet's {@code namespace}/{@code pod}/{@code container} labels (docs/metrics.md §3.1). */
class KubeletLabelsTest {

    static final String UID = "0424a739-74d9-46f1-ba60-b5dcefb83545";
    static final String SANDBOX = "a".repeat(64);
    static final String C64 = "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc";
    static final String APP = "b".repeat(64);

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "null", value = {
        // cgroupfs driver: Guaranteed pods sit right under kubepods, the others under their QoS class.
        "/kubepods/pod" + UID + "|" + UID,
        "/kubepods/burstable/pod" + UID + "|" + UID,
        "/kubepods/besteffort/pod" + UID + "|" + UID,
        "/kubelet/kubepods/burstable/pod" + UID + "|" + UID,
        // systemd driver: the uid's dashes are underscores in the unit name.
        "/kubepods.slice/kubepods-pod0424a739_74d9_46f1_ba60_b5dcefb83545.slice|" + UID,
        "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod0424a739_74d9_46f1_ba60_b5dcefb83545.slice|"
                + UID,
        "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod0424a739_74d9_46f1_ba60_b5dcefb83545.slice|"
                + UID,
        // Not pod cgroups: the QoS levels, containers inside a pod, other trees.
        "/|null",
        "/kubepods|null",
        "/kubepods/burstable|null",
        "/kubepods/besteffort|null",
        "/kubepods.slice|null",
        "/kubepods.slice/kubepods-burstable.slice|null",
        "/kubepods/burstable/pod" + UID + "/" + C64 + "|null",
        "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod0424a739_74d9_46f1_ba60_b5dcefb83545.slice/"
                + "cri-containerd-cccc.scope|null",
        "/kubepods/guaranteed/pod" + UID + "|null",
        "/kubepods/pod|null",
        "/docker/" + C64 + "|null",
        "/system.slice/pod" + UID + "|null",
        "/system.slice/docker-pod.slice|null",
        "/user.slice/user-0.slice|null"})
    void podUidIsReadFromPodLevelCgroupsOnly(String name, String uid) {
        assertThat(KubeletLabels.podUid(name)).isEqualTo(uid);
    }

    @Test
    void containerOfAPodCarriesItsPodNamespaceAndContainerName() {
        String[][] rows = KubeletLabels.of(List.of(container("/kubepods/burstable/pod" + UID + "/" + APP,
                pod("web-0", "shop", UID, "nginx", "container"))));
        assertThat(rows[0]).containsExactly("web-0", "shop", "nginx");
    }

    @Test
    void containerdSandboxHasPodAndNamespaceButNoContainerName() {
        // containerd's CRI puts no io.kubernetes.container.name on the sandbox: the kubelet writes container="".
        String[][] rows = KubeletLabels.of(List.of(container("/kubepods/burstable/pod" + UID + "/" + SANDBOX,
                pod("web-0", "shop", UID, null, "sandbox"))));
        assertThat(rows[0]).containsExactly("web-0", "shop", "");
    }

    @Test
    void sandboxNamedPodByItsRuntimeKeepsThatName() {
        // dockershim, cri-dockerd and CRI-O label the infra container POD; the kubelet passes it on.
        String[][] rows = KubeletLabels.of(List.of(container("/kubepods/pod" + UID + "/" + SANDBOX,
                pod("web-0", "shop", UID, "POD", null))));
        assertThat(rows[0]).containsExactly("web-0", "shop", "POD");
    }

    @Test
    void podLevelCgroupTakesItsPodFromTheUidOfItsContainers() {
        List<ContainerSnapshot> rows = List.of(
                raw("/kubepods"),
                raw("/kubepods/burstable"),
                raw("/kubepods/burstable/pod" + UID),
                container("/kubepods/burstable/pod" + UID + "/" + SANDBOX, pod("web-0", "shop", UID, null, "sandbox")),
                container("/kubepods/burstable/pod" + UID + "/" + APP, pod("web-0", "shop", UID, "nginx", "container")));
        String[][] labels = KubeletLabels.of(rows);
        assertThat(labels[0]).containsExactly("", "", "");
        assertThat(labels[1]).containsExactly("", "", "");
        assertThat(labels[2]).containsExactly("web-0", "shop", "");
    }

    @Test
    void systemdPodSliceIsMatchedThroughItsEscapedUid() {
        String slice = "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod"
                + UID.replace('-', '_') + ".slice";
        String[][] labels = KubeletLabels.of(List.of(raw(slice),
                container(slice + "/cri-containerd-" + APP + ".scope", pod("job-x", "batch", UID, "worker", "container"))));
        assertThat(labels[0]).containsExactly("job-x", "batch", "");
        assertThat(labels[1]).containsExactly("job-x", "batch", "worker");
    }

    @Test
    void podCgroupWithoutAnyListedContainerStaysEmpty() {
        // The kubelet asks its pod list; we only know pods through their containers.
        assertThat(KubeletLabels.of(List.of(raw("/kubepods/pod" + UID)))[0]).containsExactly("", "", "");
    }

    @Test
    void nonKubernetesContainersAndRawCgroupsGetEmptyLabels() {
        String[][] labels = KubeletLabels.of(List.of(raw("/"), raw("/system.slice/docker.service"),
                container("/docker/" + APP, Map.of("com.example.tier", "web"))));
        for (String[] row : labels) {
            assertThat(row).containsExactly("", "", "");
        }
    }

    @Test
    void podLabelsOnTheContainerWinOverItsCgroupPath() {
        // Only a container with neither pod nor namespace label is looked up by cgroup, as the kubelet does.
        String other = "11111111-2222-3333-4444-555555555555";
        String[][] labels = KubeletLabels.of(List.of(
                container("/kubepods/pod" + UID, pod("odd", "elsewhere", other, null, null)),
                container("/kubepods/pod" + other + "/" + APP, pod("web-0", "shop", UID, "nginx", null))));
        assertThat(labels[0]).containsExactly("odd", "elsewhere", "");
    }

    @Test
    void optionOffLeavesTheLabelSetAsUpstream() throws IOException {
        Set<String> names = names(scrape(LabelPolicy.DEFAULT), "/kubepods/burstable/pod" + UID + "/" + APP);
        assertThat(names).doesNotContain("pod", "namespace", "container")
                .contains("container_label_io_kubernetes_pod_name");
    }

    @Test
    void optionOnAddsTheThreeLabelsToEverySeriesAndKeepsContainerLabels() throws IOException {
        String text = scrape(LabelPolicy.DEFAULT.withKubeletLabels(true));
        for (ExpositionChecker.Sample s : ExpositionChecker.parse(text)) {
            if (s.name().startsWith("container_") && !s.name().equals("container_scrape_error")) {
                assertThat(s.labels()).as(s.name()).containsKeys("pod", "namespace", "container", "id", "name",
                        "image");
            }
        }
        Map<String, String> app = labels(text, "/kubepods/burstable/pod" + UID + "/" + APP);
        assertThat(app).containsEntry("pod", "web-0").containsEntry("namespace", "shop")
                .containsEntry("container", "nginx").containsEntry("name", APP).containsEntry("image", "busybox")
                .containsEntry("container_label_io_kubernetes_pod_name", "web-0")
                // A runtime label literally called namespace stays under its prefix: no collision.
                .containsEntry("container_label_namespace", "from-a-label");
        assertThat(labels(text, "/kubepods/burstable/pod" + UID)).containsEntry("pod", "web-0")
                .containsEntry("namespace", "shop").containsEntry("container", "").containsEntry("image", "");
        assertThat(labels(text, "/kubepods/burstable/pod" + UID + "/" + SANDBOX)).containsEntry("pod", "web-0")
                .containsEntry("container", "").containsEntry("image", "pause");
        assertThat(labels(text, "/kubepods/burstable")).containsEntry("pod", "").containsEntry("namespace", "")
                .containsEntry("container", "");
        assertThat(PromtoolSupport.check(text)).isEmpty();
    }

    @Test
    void kubeletLabelsAreKeptWithoutStoredContainerLabels() throws IOException {
        // The kubelet reads the pod labels whatever -store_container_labels says; so do we.
        String text = scrape(new LabelPolicy(false, Set.of(), 200, 1024, true));
        Map<String, String> app = labels(text, "/kubepods/burstable/pod" + UID + "/" + APP);
        assertThat(app).containsEntry("pod", "web-0").containsEntry("namespace", "shop")
                .containsEntry("container", "nginx");
        assertThat(app.keySet()).noneMatch(k -> k.startsWith("container_label_"));
    }

    @Test
    void valuesObeyTheLengthBoundAndTheNamesSurviveTheNameBound() throws IOException {
        // 61 chars keep the test's ids apart ("/kubepods/burstable/pod<uid>/a…" and "…/b…").
        String pod = "p".repeat(100);
        String text = scrape(new LabelPolicy(true, Set.of(), 0, 61, true), pod);
        Map<String, String> app = labels(text, ("/kubepods/burstable/pod" + UID + "/" + APP).substring(0, 61));
        assertThat(app).containsEntry("pod", pod.substring(0, 61)).containsEntry("namespace", "shop")
                .containsEntry("container", "nginx");
        assertThat(labels(text, "/kubepods/burstable/pod" + UID)).containsEntry("pod", pod.substring(0, 61));
        assertThat(app.keySet()).noneMatch(k -> k.startsWith("container_label_"));
    }

    private static String scrape(LabelPolicy policy) throws IOException {
        return scrape(policy, "web-0");
    }

    private static String scrape(LabelPolicy policy, String podName) throws IOException {
        Map<String, String> app = new LinkedHashMap<>(pod(podName, "shop", UID, "nginx", "container"));
        app.put("namespace", "from-a-label");
        var source = MetricsFixture.with(List.of(
                raw("/kubepods"),
                raw("/kubepods/burstable"),
                raw("/kubepods/burstable/pod" + UID),
                snapshot("/kubepods/burstable/pod" + UID + "/" + SANDBOX, pod(podName, "shop", UID, null, "sandbox"),
                        "pause"),
                snapshot("/kubepods/burstable/pod" + UID + "/" + APP, app, "busybox")));
        MetricsScraper scraper = new MetricsScraper(MetricsGoldenTest.DEFAULTS, policy,
                Clock.fixed(MetricsFixture.SCRAPE_TIME, ZoneOffset.UTC), MetricsGoldenTest.VERSION, null);
        StringWriter out = new StringWriter();
        scraper.write(out, source, ScrapeOptions.ALL, false);
        return out.toString();
    }

    private static Map<String, String> labels(String text, String id) {
        return ExpositionChecker.parse(text).stream()
                .filter(s -> s.name().equals("container_memory_usage_bytes") && id.equals(s.labels().get("id")))
                .findFirst().orElseThrow(() -> new AssertionError("no series for " + id)).labels();
    }

    private static Set<String> names(String text, String id) {
        return labels(text, id).keySet();
    }

    static Map<String, String> pod(String name, String namespace, String uid, String container, String kind) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(KubeletLabels.POD_NAME, name);
        labels.put(KubeletLabels.POD_NAMESPACE, namespace);
        labels.put(KubeletLabels.POD_UID, uid);
        if (container != null) {
            labels.put(KubeletLabels.CONTAINER_NAME, container);
        }
        if (kind != null) {
            labels.put("io.cri-containerd.kind", kind);
        }
        return labels;
    }

    static ContainerSnapshot raw(String name) {
        return snapshot(name, Map.of(), "");
    }

    static ContainerSnapshot container(String name, Map<String, String> labels) {
        return snapshot(name, labels, "img");
    }

    static ContainerSnapshot snapshot(String name, Map<String, String> labels, String image) {
        ContainerSpec spec = MetricsFixture.spec(MetricsFixture.STATS_TIME, null, false, null, null, Map.of(), image);
        ContainerStats stats = new ContainerStats(MetricsFixture.STATS_TIME, new CpuStats(new CpuUsage(1, null, 1, 0),
                CpuCfs.ZERO, CpuSchedstat.ZERO, 0, 0, PsiStats.ZERO), null, MetricsFixture.memory(), Map.of(), null,
                List.of(), null, null, 0, null, null, 0, Health.NONE);
        String id = name.substring(name.lastIndexOf('/') + 1);
        List<String> aliases = labels.isEmpty() ? List.of() : List.of(id, name);
        return new ContainerSnapshot(new ContainerReference(id, name, aliases, labels.isEmpty() ? "" : "containerd"),
                spec, labels, stats);
    }
}
