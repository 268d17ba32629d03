package io.jcadvisor.container.containerd;

import com.fasterxml.jackson.databind.JsonNode;
import io.jcadvisor.container.containerd.CtrPods.Pod;
import io.jcadvisor.container.containerd.CtrPods.Spec;
import io.jcadvisor.metrics.PromtoolSupport;
import io.jcadvisor.testing.Await;
import io.jcadvisor.testing.PrometheusServer;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kubelet's labels (option {@code cadvisor.metrics.kubelet-labels}) end to end: two pods laid out as
 * a kubelet on containerd lays them out ({@link CtrPods}: kubepods cgroups, CRI labels, a sandbox
 * owning the pod's network), the agent on this host, and a real Prometheus scraping it every second.
 * Prometheus must answer the kubernetes-mixin's query shapes (its {@code k8s.rules} CPU rule, the
 * working-set selectors, {@code CPUThrottlingHigh}, network by pod) with the values the kernel's files
 * of those cgroups hold.
 */
@QuarkusTest
@TestProfile(KubeletLabelsTestProfile.class)
class KubeletLabelsPrometheusLiveTest {

    private static final long MIB = 1024 * 1024;
    /** Ethernet 14 + IPv4 20 + UDP 8 bytes around each datagram's payload, as {@code rx_bytes} counts them. */
    private static final int FRAME_OVERHEAD = 42;
    private static final int PAYLOAD = 1000;

    @TestHTTPResource("/metrics")
    URL metrics;

    @BeforeAll
    static void containerdRuns() {
        CtrCli system = new CtrCli();
        assertThat(system.available()).as(ContainerdDaemon.SYSTEM.provisionHint()).isTrue();
        system.removeNamespaceContainers();
    }

    @Test
    void kubernetesMixinQueriesAnswerWithTheKernelsValuesForEachPod() throws Exception {
        PromtoolSupport.ensureInstalled();
        String run = CtrCli.uniqueId().substring(0, 6);
        String shop = "jcadv-shop-" + run;
        String batch = "jcadv-batch-" + run;
        String namespaces = "namespace=~\"jcadv-(shop|batch)-" + run + "\"";
        try (CtrPods node = new CtrPods()) {
            Pod web = node.start(shop, "web-" + run, "burstable", 96 * MIB, List.of(
                    new Spec("burner", List.of("--memory-limit", Long.toString(64 * MIB), "--cpu-quota", "6000",
                            "--cpu-period", "100000"),
                            "sh", "-c", "x=$(head -c 8000000 /dev/zero | tr '\\0' a); while :; do :; done"),
                    new Spec("idle", List.of("--memory-limit", Long.toString(32 * MIB)), "sleep", "3600")));
            Pod job = node.start(batch, "job-" + run, null, 48 * MIB, List.of(
                    new Spec("worker", List.of("--memory-limit", Long.toString(48 * MIB), "--cpu-quota", "4000",
                            "--cpu-period", "100000"), "sh", "-c", "while :; do :; done")));
            Map<String, Pod> pods = Map.of(web.name(), web, job.name(), job);
            send(web, 300);
            send(job, 70);

            try (PrometheusServer prometheus = PrometheusServer.scraping(metrics, "cadvisor")) {
                // k8s.rules: node_namespace_pod_container:container_cpu_usage_seconds_total:sum_irate, without the
                // kube_pod_info join (kube-state-metrics is not here).
                String cpuRule = "sum by (namespace, pod, container) (irate(container_cpu_usage_seconds_total{"
                        + "job=\"cadvisor\", image!=\"\", " + namespaces + "}[5m]))";
                // The sandbox has an image but container="": the kubelet writes it so, and the rule keeps it. An
                // idle container's housekeeping slows down (up to 2 s here): irate waits for its second sample.
                Set<String> expected = Set.of(web.name() + "/", web.name() + "/burner", web.name() + "/idle",
                        job.name() + "/", job.name() + "/worker");
                JsonNode cpu = Await.poll(Duration.ofSeconds(60), Duration.ofSeconds(1), () -> query(prometheus, cpuRule),
                        r -> r != null && keys(r).equals(expected) && value(r, web.name(), "burner") > 0
                                && value(r, job.name(), "worker") > 0);
                // Tiny quotas (0.06 and 0.04 CPU) so both loops exhaust theirs in most periods even when a busy
                // 2-core host leaves /kubepods little CPU (with 0.15 CPU the burner was sometimes throttled in under
                // 25% of periods). The quota caps the rate; 1.5 times it leaves room for the samples' read jitter.
                assertThat(value(cpu, web.name(), "burner")).isBetween(0.001, 0.06 * 1.5);
                assertThat(value(cpu, job.name(), "worker")).isBetween(0.001, 0.04 * 1.5);
                assertThat(value(cpu, web.name(), "idle")).isLessThan(0.02);
                assertThat(cpu.get(0).path("metric").has("name")).isFalse();

                // The counter itself lies between two reads of cpuacct.usage around the scrape it came from.
                for (String[] c : new String[][] {{web.name(), "burner"}, {job.name(), "worker"}}) {
                    String cgroup = cgroupOf(pods.get(c[0]), c[1]);
                    double before = Long.parseLong(CtrPods.read("cpuacct", cgroup, "cpuacct.usage")) / 1e9;
                    String counter = "sum(container_cpu_usage_seconds_total{job=\"cadvisor\", pod=\"" + c[0]
                            + "\", container=\"" + c[1] + "\"})";
                    JsonNode r = Await.poll(Duration.ofSeconds(20), Duration.ofMillis(500),
                            () -> query(prometheus, counter), x -> scalar(x) >= before);
                    double after = Long.parseLong(CtrPods.read("cpuacct", cgroup, "cpuacct.usage")) / 1e9;
                    assertThat(scalar(r)).as(c[1]).isBetween(before, after);
                }

                // Working set of containers, the mixin's selector: the app containers only, no sandbox, no pod cgroup.
                JsonNode ws = query(prometheus, "max by (namespace, pod, container) (container_memory_working_set_bytes{"
                        + "job=\"cadvisor\", container!=\"\", image!=\"\", " + namespaces + "})");
                assertThat(keys(ws)).containsExactlyInAnyOrder(web.name() + "/burner", web.name() + "/idle",
                        job.name() + "/worker");
                assertWorkingSetMatchesKernel(prometheus, web.name(), "burner", cgroupOf(web, "burner"));
                assertWorkingSetMatchesKernel(prometheus, web.name(), "", web.cgroup());
                assertWorkingSetMatchesKernel(prometheus, job.name(), "", job.cgroup());

                // Limits: what was set, per container and per pod (the pod cgroup carries pod, namespace, container="").
                JsonNode limits = query(prometheus, "max by (namespace, pod, container) (container_spec_memory_limit_bytes{"
                        + "job=\"cadvisor\", image!=\"\", container!=\"\", " + namespaces + "})");
                assertThat(value(limits, web.name(), "burner")).isEqualTo(64.0 * MIB);
                assertThat(value(limits, web.name(), "idle")).isEqualTo(32.0 * MIB);
                assertThat(value(limits, job.name(), "worker")).isEqualTo(48.0 * MIB);
                for (Pod p : List.of(web, job)) {
                    JsonNode pod = query(prometheus, "container_spec_memory_limit_bytes{job=\"cadvisor\", container=\"\", "
                            + "image=\"\", pod=\"" + p.name() + "\"}");
                    assertThat(pod).hasSize(1);
                    assertThat(pod.get(0).path("metric").path("id").asText()).isEqualTo(p.cgroup());
                    assertThat(pod.get(0).path("metric").path("namespace").asText()).isEqualTo(p.namespace());
                    assertThat(scalar(pod)).isEqualTo(
                            Double.parseDouble(CtrPods.read("memory", p.cgroup(), "memory.limit_in_bytes")));
                }
                assertThat(scalar(query(prometheus, "container_spec_memory_limit_bytes{pod=\"" + web.name() + "\", "
                        + "container=\"\", image=\"\"}"))).isEqualTo(96.0 * MIB);
                // Working set against limit, as the mixin's container memory panels divide them.
                JsonNode ratio = query(prometheus, "max by (namespace, pod, container) (container_memory_working_set_bytes{"
                        + "job=\"cadvisor\", container!=\"\", image!=\"\", " + namespaces + "}) / max by (namespace, pod, "
                        + "container) (container_spec_memory_limit_bytes{job=\"cadvisor\", container!=\"\", image!=\"\", "
                        + namespaces + "} > 0)");
                assertThat(value(ratio, web.name(), "burner")).isBetween(0.05, 1.0);

                // CPUThrottlingHigh's expression: both quota'd burners throttled in most periods; idle has no quota.
                String without = " without (id, metrics_path, name, image, endpoint, job, node)";
                JsonNode throttled = query(prometheus, "sum(increase(container_cpu_cfs_throttled_periods_total{container!=\"\", "
                        + "job=\"cadvisor\", " + namespaces + "}[5m]))" + without + " / sum(increase("
                        + "container_cpu_cfs_periods_total{job=\"cadvisor\", " + namespaces + "}[5m]))" + without
                        + " > (25 / 100)");
                assertThat(keys(throttled)).containsExactlyInAnyOrder(web.name() + "/burner", job.name() + "/worker");
                for (String[] c : new String[][] {{web.name(), "burner"}, {job.name(), "worker"}}) {
                    String cgroup = cgroupOf(pods.get(c[0]), c[1]);
                    long before = cpuStat(cgroup, "nr_throttled");
                    String counter = "container_cpu_cfs_throttled_periods_total{pod=\"" + c[0] + "\", container=\""
                            + c[1] + "\"}";
                    JsonNode r = Await.poll(Duration.ofSeconds(20), Duration.ofMillis(500),
                            () -> query(prometheus, counter), x -> scalar(x) >= before);
                    assertThat(scalar(r)).as(c[1]).isBetween((double) before, (double) cpuStat(cgroup, "nr_throttled"));
                }

                // Network by pod: the sandbox's eth0, exactly the datagrams sent (static neighbours, no IPv6).
                for (Map.Entry<Pod, Integer> sent : Map.of(web, 300, job, 70).entrySet()) {
                    Pod p = sent.getKey();
                    long kernel = rxBytes(p);
                    assertThat(kernel).isEqualTo((long) sent.getValue() * (PAYLOAD + FRAME_OVERHEAD));
                    String byPod = "sum by (namespace, pod) (container_network_receive_bytes_total{job=\"cadvisor\", "
                            + "pod=\"" + p.name() + "\"})";
                    JsonNode r = Await.poll(Duration.ofSeconds(20), Duration.ofMillis(500),
                            () -> query(prometheus, byPod), x -> scalar(x) == kernel);
                    assertThat(scalar(r)).as("rx bytes of %s", p.name()).isEqualTo((double) kernel);
                    assertThat(r.get(0).path("metric").path("namespace").asText()).isEqualTo(p.namespace());
                    // Only the sandbox has the pod's network: the other containers and the pod cgroup have none.
                    JsonNode who = query(prometheus, "count by (container, id) (container_network_receive_bytes_total{"
                            + "pod=\"" + p.name() + "\"})");
                    assertThat(who).hasSize(1);
                    assertThat(who.get(0).path("metric").path("container").asText()).isEmpty();
                    assertThat(who.get(0).path("metric").path("id").asText()).isEqualTo(p.cgroup() + "/"
                            + p.sandboxId());
                }

                // QoS levels and /kubepods are nobody's: empty pod, namespace and container.
                JsonNode qos = query(prometheus, "container_memory_usage_bytes{id=~\"/kubepods|/kubepods/burstable\"}");
                assertThat(qos).hasSizeGreaterThanOrEqualTo(2);
                for (JsonNode s : qos) {
                    assertThat(s.path("metric").path("pod").asText()).isEmpty();
                    assertThat(s.path("metric").path("namespace").asText()).isEmpty();
                    assertThat(s.path("metric").path("container").asText()).isEmpty();
                }
            }
        }
    }

    private static void assertWorkingSetMatchesKernel(PrometheusServer prometheus, String pod, String container,
            String cgroup) throws Exception {
        String q = "container_memory_working_set_bytes{job=\"cadvisor\", pod=\"" + pod + "\", container=\"" + container
                + "\", id=\"" + cgroup + "\"}";
        JsonNode r = query(prometheus, q);
        assertThat(r).as(q).hasSize(1);
        long kernel = workingSet(cgroup);
        // Working set moves with page cache and the shell's heap between the agent's sample and this read:
        // within 1 MiB (the burner holds 8 MB, the pods ~9 MB).
        assertThat(scalar(r)).as("%s/%s working set, kernel %d", pod, container, kernel)
                .isBetween((double) kernel - MIB, (double) kernel + MIB);
    }

    /** v1 working set as upstream computes it: usage minus inactive file, not below 0. */
    private static long workingSet(String cgroup) throws IOException {
        long usage = Long.parseLong(CtrPods.read("memory", cgroup, "memory.usage_in_bytes"));
        long inactive = 0;
        for (String line : CtrPods.read("memory", cgroup, "memory.stat").split("\n")) {
            if (line.startsWith("total_inactive_file ")) {
                inactive = Long.parseLong(line.substring(line.indexOf(' ') + 1).trim());
            }
        }
        return Math.max(0, usage - inactive);
    }

    private static long cpuStat(String cgroup, String key) throws IOException {
        for (String line : CtrPods.read("cpu", cgroup, "cpu.stat").split("\n")) {
            if (line.startsWith(key + " ")) {
                return Long.parseLong(line.substring(key.length() + 1).trim());
            }
        }
        throw new IOException(key + " missing in cpu.stat of " + cgroup);
    }

    /** {@code rx_bytes} of the pod's {@code eth0}, read in the sandbox's network namespace. */
    private static long rxBytes(Pod pod) throws IOException {
        int pid = CtrPods.pid(pod.sandboxId());
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/net/dev"))) {
            String t = line.trim();
            if (t.startsWith("eth0:")) {
                return Long.parseLong(t.substring(5).trim().split("\\s+")[0]);
            }
        }
        throw new IOException("no eth0 in the sandbox of " + pod.name());
    }

    private static void send(Pod pod, int datagrams) throws IOException {
        byte[] payload = new byte[PAYLOAD];
        try (DatagramSocket socket = new DatagramSocket()) {
            InetAddress to = InetAddress.getByName(pod.podIp());
            for (int i = 0; i < datagrams; i++) {
                socket.send(new DatagramPacket(payload, payload.length, to, 9));
            }
        }
    }

    private static String cgroupOf(Pod pod, String container) {
        return pod.cgroupOf(container);
    }

    private static JsonNode query(PrometheusServer prometheus, String promql) {
        try {
            return prometheus.query(promql);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** {@code pod/container} of each series. */
    private static Set<String> keys(JsonNode result) {
        Set<String> keys = new TreeSet<>();
        for (JsonNode s : result) {
            keys.add(s.path("metric").path("pod").asText() + "/" + s.path("metric").path("container").asText());
        }
        return keys;
    }

    private static double value(JsonNode result, String pod, String container) {
        if (result == null) {
            return Double.NaN;
        }
        Map<String, Double> values = new HashMap<>();
        for (JsonNode s : result) {
            values.put(s.path("metric").path("pod").asText() + "/" + s.path("metric").path("container").asText(),
                    s.path("value").get(1).asDouble());
        }
        return values.getOrDefault(pod + "/" + container, Double.NaN);
    }

    /** The value of a one-series result; NaN when there is not exactly one. */
    private static double scalar(JsonNode result) {
        return result == null || result.size() != 1 ? Double.NaN : result.get(0).path("value").get(1).asDouble();
    }
}
