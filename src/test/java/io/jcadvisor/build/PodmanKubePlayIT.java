package io.jcadvisor.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.jcadvisor.testing.Await;
import io.jcadvisor.testing.Commands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The DaemonSet's pod template, rendered by {@code kubectl kustomize kubernetes/}, run by a real
 * container runtime: Debian's Podman ({@code podman kube play}) with the image {@code bin/image}
 * builds. Only what Podman cannot take as written is changed, each with the reason below; the
 * volumes, {@code hostPID}, the securityContext, the env, the resources and the probes are played
 * as they are.
 */
class PodmanKubePlayIT {

    private static final String PODMAN = "/usr/bin/podman";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String POD = "image-kube-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String CONTAINER = POD + "-jcadvisor";
    private static Path dir;
    private static Path podFile;
    private static JsonNode template;

    @BeforeAll
    static void playThePodTemplate() throws Exception {
        String image = AgentImage.build();
        dir = Files.createTempDirectory(POD);
        // Podman keeps its own image store: the image comes over from Docker's.
        Path archive = dir.resolve("image.tar");
        Commands.run(List.of(AgentImage.DOCKER, "save", "-o", archive.toString(), image));
        Commands.run(List.of(PODMAN, "load", "-q", "-i", archive.toString()));
        Files.delete(archive);

        JsonNode daemonSet = rendered().stream().filter(d -> d.path("kind").asText().equals("DaemonSet"))
                .findFirst().orElseThrow();
        template = daemonSet.at("/spec/template");
        ObjectNode pod = YAML.createObjectNode();
        // Podman 4.3 plays Pods, Deployments, PVCs and ConfigMaps; a DaemonSet is refused with
        // "Error: YAML document does not contain any supported kube kind", so its pod template is
        // played as a Pod (a DaemonSet is that pod on every node).
        pod.put("apiVersion", "v1").put("kind", "Pod");
        ObjectNode metadata = template.path("metadata").deepCopy();
        metadata.put("name", POD);
        pod.set("metadata", metadata);
        ObjectNode spec = template.path("spec").deepCopy();
        pod.set("spec", spec);
        ObjectNode agent = (ObjectNode) spec.path("containers").get(0);
        // The manifest names the native image, which cannot be built here (no GraalVM, no registry).
        agent.put("image", image);
        // Podman 4.3 does not resolve a named probe port: it makes the health check ask localhost:0.
        for (String probe : List.of("livenessProbe", "readinessProbe")) {
            if (agent.has(probe)) {
                ObjectNode get = (ObjectNode) agent.path(probe).path("httpGet");
                get.put("port", containerPort(agent, get.path("port").asText()));
            }
        }
        // Podman 4.3 makes an emptyDir a named volume in its host-wide store, under the volume's
        // name: a unique name keeps parallel runs apart (the mount path stays the manifest's).
        for (JsonNode v : spec.path("volumes")) {
            if (v.has("emptyDir")) {
                String unique = POD + "-" + v.path("name").asText();
                for (JsonNode m : agent.path("volumeMounts")) {
                    if (m.path("name").asText().equals(v.path("name").asText())) {
                        ((ObjectNode) m).put("name", unique);
                    }
                }
                ((ObjectNode) v).put("name", unique);
            }
        }
        podFile = dir.resolve("pod.yaml");
        YAML.writeValue(podFile.toFile(), pod);

        // Not a field of the pod: rootful Podman asks runc for rlimits this sandbox (no
        // CAP_SYS_RESOURCE) refuses ("error setting rlimit type 7"), and kube play has no --ulimit.
        Path conf = dir.resolve("containers.conf");
        Files.writeString(conf, "[containers]\ndefault_ulimits = [\"nofile=1024:1024\", \"nproc=1024:1024\"]\n");
        ProcessBuilder play = new ProcessBuilder(PODMAN, "kube", "play", podFile.toString()).redirectErrorStream(true);
        play.environment().put("CONTAINERS_CONF", conf.toString());
        Process p = play.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as("podman kube play: " + out).isZero();
        Await.poll(Duration.ofSeconds(90), Duration.ofMillis(500), () -> inPod("/q/health/ready"),
                body -> body.contains("\"UP\""));
    }

    @AfterAll
    static void removePod() throws IOException {
        try {
            Commands.run(List.of(PODMAN, "kube", "down", podFile.toString()));
        } catch (IOException | RuntimeException e) {
            // Not played, or gone already: nothing to take down.
        }
        for (String v : Commands.run(List.of(PODMAN, "volume", "ls", "-q")).split("\n")) {
            if (v.startsWith(POD)) {
                Commands.run(List.of(PODMAN, "volume", "rm", "-f", v));
            }
        }
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Test
    void theAgentRunsAsTheTemplateSaysAndIsReady() throws Exception {
        assertThat(inPod("/q/health/ready")).contains("\"UP\"");
        assertThat(inPod("/q/health/live")).contains("\"UP\"");
        String state = Commands.run(List.of(PODMAN, "inspect", "-f",
                "{{.State.Status}} user={{.Config.User}} ro={{.HostConfig.ReadonlyRootfs}}"
                        + " caps={{.EffectiveCaps}} memory={{.HostConfig.Memory}}", CONTAINER)).trim();
        // Not hostPID: Podman 4.3 plays it without a word and gives the pod a pid namespace of its own
        // (support came in a later Podman). The agent reads every process through the host's /proc
        // under /rootfs, whose pids are the host's, so that view does not depend on it.
        assertThat(state).startsWith("running user=0 ro=true")
                .contains("caps=[CAP_DAC_READ_SEARCH CAP_SYSLOG CAP_SYS_PTRACE]")
                .contains("memory=" + (192L << 20));
    }

    @Test
    void theImagesAheadOfTimeCacheSurvivesTheMoveToPodman() throws Exception {
        // The JVM checks the jars' sizes and times against the cache's; docker save and podman load
        // carry both (the image has the cache when bin/jvm's JDK is 25+: ImageIT checks that).
        String cache = "/deployments/jcadvisor.aot";
        String entrypoint = Commands.run(List.of(PODMAN, "inspect", "-f", "{{json .Config.Entrypoint}}", CONTAINER));
        assumeTrue(entrypoint.contains("-XX:AOTCache=" + cache), "the image has no ahead-of-time cache");
        assertThat(Commands.run(List.of(PODMAN, "logs", CONTAINER))).doesNotContainPattern("\\[(aot|cds)\\s*\\]");
        String pid = Commands.run(List.of(PODMAN, "inspect", "-f", "{{.State.Pid}}", CONTAINER)).trim();
        assertThat(Files.readAllLines(Path.of("/proc", pid, "maps"))).anyMatch(l -> l.endsWith(" " + cache));
    }

    @Test
    void theAgentSeesTheHostThroughItsMounts() throws Exception {
        String validate = inPod("/validate/");
        assertThat(validate).contains("Host root is /rootfs").contains("Docker version is")
                .contains("Podman version is");
        // A pod that is not privileged cannot open the hostPath /dev/kmsg (the device cgroup refuses it).
        assertThat(validate).contains("OOM events are off: cannot read /rootfs/dev/kmsg");
        // Its own container, named by Podman through its socket under the host's /var/run.
        assertThat(validate).contains(CONTAINER);
    }

    @Test
    void podmanTakesTheLivenessProbeAsItsHealthCheck() throws Exception {
        // Podman 4.3 turns an httpGet liveness probe into a health check that runs curl inside the
        // container, started by systemd timers. The image ships no curl (20 MB of libraries for this
        // alone) and this host runs no systemd, so the check is only compared here; the probe's URL
        // itself is asked from the pod's network namespace above, as the kubelet asks it.
        String check = Commands.run(List.of(PODMAN, "inspect", "-f", "{{json .Config.Healthcheck.Test}}", CONTAINER));
        String path = template.at("/spec/containers/0/livenessProbe/httpGet/path").asText();
        int port = probePort("livenessProbe");
        assertThat(check).contains("http://localhost:" + port + path);
    }

    /** The number of a container's port given by name (or already a number), as the kubelet resolves it. */
    private static int containerPort(JsonNode container, String nameOrNumber) {
        for (JsonNode p : container.path("ports")) {
            if (p.path("name").asText().equals(nameOrNumber)) {
                return p.path("containerPort").asInt();
            }
        }
        return Integer.parseInt(nameOrNumber);
    }

    /** The port the manifest's probe asks: the management interface's, not the API's. */
    private static int probePort(String probe) {
        JsonNode agent = template.at("/spec/containers/0");
        return containerPort(agent, agent.path(probe).path("httpGet").path("port").asText());
    }

    /** A GET inside the pod's network namespace, as the kubelet's probes reach the pod. */
    private static String inPod(String path) {
        try {
            String pid = Commands.run(List.of(PODMAN, "inspect", "-f", "{{.State.Pid}}", CONTAINER)).trim();
            // The probes are on the management port; the API and /validate/ on the first (http) port.
            int port = path.startsWith("/q/health/") ? probePort("readinessProbe")
                    : template.at("/spec/containers/0/ports/0/containerPort").asInt();
            return Commands.run(List.of("nsenter", "-t", pid, "-n", "curl", "-s", "-m", "10",
                    "http://127.0.0.1:" + port + path));
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    private static List<JsonNode> rendered() throws IOException {
        String yaml = Commands.run(List.of("kubectl", "kustomize", SourceFiles.project().resolve("kubernetes").toString()));
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            it.forEachRemaining(docs::add);
        }
        return docs;
    }
}
