package io.jcadvisor.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.jcadvisor.config.CadvisorConfig;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Node;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code kubernetes/} manifests checked against the application they deploy: probe paths and
 * port against the app's configuration, mounts against the host-root option, the image against
 * the build, resources against upstream's. Plain YAML parsing, so it runs everywhere;
 * {@code kubectl kustomize} is run on top where kubectl is installed.
 */
class ManifestTest {

    /** Upstream's DaemonSet (cadvisor deploy/kubernetes/base): requests and limits ours stay below. */
    private static final BigDecimal UPSTREAM_CPU_REQUEST = cpu("400m");
    private static final BigDecimal UPSTREAM_MEMORY_REQUEST = bytes("400Mi");
    private static final BigDecimal UPSTREAM_CPU_LIMIT = cpu("800m");
    private static final BigDecimal UPSTREAM_MEMORY_LIMIT = bytes("2000Mi");

    /** Host paths the agent needs (issue 6): all mounted read-only. */
    private static final Set<String> REQUIRED_HOST_PATHS =
            Set.of("/", "/sys", "/var/run", "/var/lib/docker", "/dev/disk", "/dev/kmsg");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static Path dir() {
        return SourceFiles.project().resolve("kubernetes");
    }

    @Test
    void everyManifestParses() throws IOException {
        List<Path> files = manifestFiles();
        assertThat(files).isNotEmpty();
        for (Path f : files) {
            List<JsonNode> docs = documents(f);
            assertThat(docs).as(f.toString()).isNotEmpty();
            for (JsonNode d : docs) {
                assertThat(d.path("apiVersion").asText()).as(f + " apiVersion").isNotBlank();
                assertThat(d.path("kind").asText()).as(f + " kind").isNotBlank();
            }
        }
    }

    @Test
    void kustomizationListsEveryManifestAndOnlyExistingOnes() throws IOException {
        JsonNode k = single("kustomization.yaml");
        Set<String> listed = new TreeSet<>();
        k.path("resources").forEach(r -> listed.add(r.asText()));
        Set<String> present = new TreeSet<>();
        manifestFiles().stream().map(p -> p.getFileName().toString())
                .filter(n -> !n.equals("kustomization.yaml")).forEach(present::add);
        assertThat(listed).isEqualTo(present);
    }

    @Test
    void probesUseTheHealthPathsTheAppServes() throws IOException {
        Properties app = applicationProperties();
        // smallrye-health's defaults unless application.properties moves them.
        String root = "/" + strip(app.getProperty("quarkus.http.non-application-root-path", "q"))
                + "/" + strip(app.getProperty("quarkus.smallrye-health.root-path", "health"));
        String live = root + "/" + strip(app.getProperty("quarkus.smallrye-health.liveness-path", "live"));
        String ready = root + "/" + strip(app.getProperty("quarkus.smallrye-health.readiness-path", "ready"));
        assertThat(live).isEqualTo("/q/health/live");
        assertThat(ready).isEqualTo("/q/health/ready");

        JsonNode c = agentContainer();
        assertThat(c.at("/livenessProbe/httpGet/path").asText()).isEqualTo(live);
        assertThat(c.at("/readinessProbe/httpGet/path").asText()).isEqualTo(ready);
        // the management interface: plain HTTP without credentials, whatever the web config says
        assertThat(app.getProperty("quarkus.management.enabled")).isEqualTo("true");
        int management = Integer.parseInt(app.getProperty("quarkus.management.port"));
        assertThat(management).isNotEqualTo(httpPort());
        assertThat(portNumber(c, c.at("/livenessProbe/httpGet/port"))).isEqualTo(management);
        assertThat(portNumber(c, c.at("/readinessProbe/httpGet/port"))).isEqualTo(management);
        assertThat(c.at("/livenessProbe/httpGet/scheme").asText("HTTP")).isEqualTo("HTTP");
    }

    @Test
    void containerPortAndScrapeAnnotationsAreTheAppsHttpPort() throws IOException {
        int port = httpPort();
        assertThat(port).isEqualTo(8080);
        JsonNode c = agentContainer();
        assertThat(c.path("ports")).hasSize(2);
        assertThat(c.at("/ports/0/containerPort").asInt()).isEqualTo(port);
        assertThat(c.at("/ports/1/containerPort").asInt())
                .isEqualTo(Integer.parseInt(applicationProperties().getProperty("quarkus.management.port")));
        JsonNode podAnnotations = daemonSet().at("/spec/template/metadata/annotations");
        JsonNode serviceAnnotations = single("service.yaml").at("/metadata/annotations");
        for (JsonNode a : List.of(podAnnotations, serviceAnnotations)) {
            assertThat(a.path("prometheus.io/scrape").asText()).isEqualTo("true");
            assertThat(a.path("prometheus.io/path").asText()).isEqualTo("/metrics");
            assertThat(a.path("prometheus.io/port").asText()).isEqualTo(String.valueOf(port));
        }
        JsonNode servicePort = single("service.yaml").at("/spec/ports/0");
        assertThat(servicePort.path("port").asInt()).isEqualTo(port);
        assertThat(portNumber(c, servicePort.path("targetPort"))).isEqualTo(port);
    }

    @Test
    void hostRootEnvIsWhereTheHostsRootIsMounted() throws IOException {
        JsonNode c = agentContainer();
        String hostRoot = env(c).get("CADVISOR_HOST_ROOT");
        assertThat(hostRoot).as("CADVISOR_HOST_ROOT").isNotNull();
        assertThat(mountPathOfHostPath(c, "/")).isEqualTo(hostRoot);
        // Host files the agent reads through the host root sit under it; sockets are opened as configured.
        for (String hostPath : List.of("/sys", "/var/lib/docker", "/dev/disk", "/dev/kmsg")) {
            assertThat(mountPathOfHostPath(c, hostPath)).as(hostPath).isEqualTo(hostRoot + hostPath);
        }
        assertThat(mountPathOfHostPath(c, "/var/run")).as("docker.sock under the default endpoint's path")
                .isEqualTo("/var/run");
    }

    @Test
    void requiredHostPathsAreMountedReadOnly() throws IOException {
        JsonNode c = agentContainer();
        Map<String, String> volumes = hostPathVolumes();
        assertThat(volumes.values()).containsAll(REQUIRED_HOST_PATHS);
        for (String hostPath : REQUIRED_HOST_PATHS) {
            JsonNode mount = mountOfHostPath(c, hostPath);
            assertThat(mount).as("mount of " + hostPath).isNotNull();
            assertThat(mount.path("readOnly").asBoolean(false)).as(hostPath + " readOnly").isTrue();
        }
        // Every hostPath volume (not only the required ones) is read-only: the agent writes nothing on the host.
        c.path("volumeMounts").forEach(m -> {
            if (volumes.containsKey(m.path("name").asText())) {
                assertThat(m.path("readOnly").asBoolean(false)).as(m.path("name").asText() + " readOnly").isTrue();
            }
        });
    }

    @Test
    void everyEnvVariableNamesAConfigKey() throws IOException {
        for (String name : env(agentContainer()).keySet()) {
            assertThat(name).startsWith("CADVISOR_");
            List<String> tokens = List.of(name.substring("CADVISOR_".length()).toLowerCase(Locale.ROOT).split("_"));
            assertThat(resolves(CadvisorConfig.class, tokens)).as(name + " maps to a cadvisor.* key").isTrue();
        }
    }

    @Test
    void imageIsTheOneTheBuildNames() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(SourceFiles.project().resolve("pom.xml").toFile());
        String repository = pomProperty(pom, "image.repository");
        String tag = pomProperty(pom, "image.tag");
        assertThat(agentContainer().path("image").asText()).isEqualTo(repository + ":" + tag);
        JsonNode images = single("kustomization.yaml").path("images");
        assertThat(images).hasSize(1);
        assertThat(images.at("/0/name").asText()).isEqualTo(repository);
        assertThat(images.at("/0/newTag").asText()).isEqualTo(tag);
        assertThat(Files.readString(SourceFiles.project().resolve("Dockerfile.native")))
                .contains("-t " + repository + ":" + tag + " ");
        assertThat(Files.readString(SourceFiles.project().resolve("Dockerfile.jvm")))
                .contains("-t " + repository + ":" + tag + "-jvm ");
    }

    @Test
    void dockerfilesExposeTheAppsPortAndRunAsNonRoot() throws IOException {
        for (String file : List.of("Dockerfile.native", "Dockerfile.jvm")) {
            List<String> lines = Files.readAllLines(SourceFiles.project().resolve(file));
            assertThat(lines).as(file).contains("EXPOSE " + httpPort() + " "
                    + applicationProperties().getProperty("quarkus.management.port"));
            String user = lines.stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElse("USER root");
            assertThat(user).as(file + " last USER").isNotIn("USER root", "USER 0");
        }
    }

    @Test
    void binRunAndDockerfileJvmStartTheJvmAlike() throws IOException {
        String run = Files.readString(SourceFiles.project().resolve("bin/run"));
        String jvm = Files.readString(SourceFiles.project().resolve("bin/jvm"));
        String docker = Files.readString(SourceFiles.project().resolve("Dockerfile.jvm"));
        // bin/run sources bin/jvm and starts its java with its flags (its array "jvm_flags=(...)")
        assertThat(run).contains("source bin/jvm\njvm_choose\n", "exec \"$JVM_JAVA\" \"${jvm_flags[@]}\"");
        int array = jvm.indexOf("\njvm_flags=(") + "\njvm_flags=(".length();
        String exec = jvm.substring(array, jvm.indexOf(")", array));
        Set<String> runFlags = jvmFlags(exec);
        // Two stages start the JVM: "runtime" (what bin/image's training run starts, and the image on a
        // JDK before 25) with bin/jvm's flags, and the last, which adds only its ahead-of-time cache.
        List<String> entrypoints = new ArrayList<>();
        for (int at = docker.indexOf("ENTRYPOINT ["); at >= 0; at = docker.indexOf("ENTRYPOINT [", at + 1)) {
            entrypoints.add(docker.substring(at, docker.indexOf("]", at)));
        }
        assertThat(entrypoints).hasSize(2);
        String entrypoint = entrypoints.get(0);
        String last = entrypoints.get(1);
        assertThat(docker.substring(0, docker.indexOf(entrypoint))).contains(" AS runtime\n");
        assertThat(docker.substring(docker.indexOf(entrypoint))).contains("\nFROM runtime\n");
        Set<String> dockerFlags = jvmFlags(entrypoint);
        // Both without the hsperfdata file (the image has no jcmd or jstat to read it) and its 50 ms sampler.
        assertThat(runFlags).contains("-XX:+UseSerialGC", "-Xmx96m", "-XX:-UsePerfData");
        assertThat(dockerFlags).isEqualTo(runFlags);
        String cache = "/deployments/jcadvisor.aot";
        Set<String> withCache = new TreeSet<>(runFlags);
        withCache.add("-XX:AOTCache=" + cache);
        assertThat(jvmFlags(last)).isEqualTo(withCache);
        assertThat(docker).contains("COPY target/image/aot/jcadvisor.aot " + cache + "\n");
        // Apart from the cache, the same words in the same order (the -D properties, the jar).
        assertThat(words(last).replace(" \"-XX:AOTCache=" + cache + "\",", "")).isEqualTo(words(entrypoint));
        assertThat(run).contains("MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}", "MALLOC_MMAP_THRESHOLD_=${MALLOC_MMAP_THRESHOLD_:-65536}");
        assertThat(docker).contains("ENV MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=65536");
        for (String netty : List.of("-Dio.netty.allocator.smallCacheSize=0", "-Dio.netty.allocator.normalCacheSize=0")) {
            assertThat(exec).contains(netty);
            assertThat(entrypoint).contains("\"" + netty + "\"");
        }
    }

    /** A Dockerfile instruction's text with its continuation lines joined and blanks collapsed. */
    private static String words(String instruction) {
        return instruction.replace("\\\n", " ").replaceAll("\\s+", " ");
    }

    private static Set<String> jvmFlags(String text) {
        Set<String> out = new TreeSet<>();
        for (String token : text.replace("\"", " ").replace(",", " ").split("\\s+")) {
            if (token.startsWith("-X")) {
                out.add(token);
            }
        }
        return out;
    }

    @Test
    void resourcesAreSetAndBelowUpstreams() throws IOException {
        JsonNode r = agentContainer().path("resources");
        BigDecimal cpuRequest = cpu(r.at("/requests/cpu").asText());
        BigDecimal memoryRequest = bytes(r.at("/requests/memory").asText());
        BigDecimal cpuLimit = cpu(r.at("/limits/cpu").asText());
        BigDecimal memoryLimit = bytes(r.at("/limits/memory").asText());
        assertThat(cpuRequest).isPositive().isLessThan(UPSTREAM_CPU_REQUEST).isLessThanOrEqualTo(cpuLimit);
        assertThat(memoryRequest).isPositive().isLessThan(UPSTREAM_MEMORY_REQUEST).isLessThanOrEqualTo(memoryLimit);
        assertThat(cpuLimit).isLessThan(UPSTREAM_CPU_LIMIT);
        assertThat(memoryLimit).isLessThan(UPSTREAM_MEMORY_LIMIT);
    }

    @Test
    void podIsNotPrivilegedAndEveryAddedCapabilityIsJustified() throws IOException {
        JsonNode security = agentContainer().path("securityContext");
        assertThat(security.path("privileged").asBoolean(true)).isFalse();
        assertThat(security.path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
        assertThat(security.path("readOnlyRootFilesystem").asBoolean(false)).isTrue();
        List<String> dropped = new ArrayList<>();
        security.at("/capabilities/drop").forEach(d -> dropped.add(d.asText()));
        assertThat(dropped).containsExactly("ALL");
        List<String> added = new ArrayList<>();
        security.at("/capabilities/add").forEach(a -> added.add(a.asText()));
        assertThat(added).isNotEmpty();

        // Comments do not survive parsing: read the text for the line above each added capability.
        List<String> lines = Files.readAllLines(dir().resolve("daemonset.yaml"));
        for (String capability : added) {
            int at = -1;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).trim().matches("-\\s*\"?" + capability + "\"?")) {
                    at = i;
                }
            }
            assertThat(at).as(capability + " listed one per line").isPositive();
            String above = lines.get(at - 1).trim();
            assertThat(above).as("comment justifying " + capability).startsWith("#").hasSizeGreaterThan(10);
        }
    }

    @Test
    void kustomizeBuildsTheManifestsWhenKubectlIsInstalledYamlChecksRunEitherWay() throws Exception {
        Path kubectl = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .map(p -> Path.of(p, "kubectl")).filter(Files::isExecutable).findFirst().orElse(null);
        if (kubectl == null) {
            // Only this part needs kubectl; the other tests of this class have parsed and checked the YAML.
            System.out.println("ManifestTest: kubectl not on PATH, kubectl kustomize not run (YAML checks ran)");
            return;
        }
        Process p = new ProcessBuilder(kubectl.toString(), "kustomize", dir().toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("kubectl kustomize: " + out).isZero();
        List<String> kinds = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(out)) {
            it.forEachRemaining(d -> kinds.add(d.path("kind").asText() + "/" + d.at("/metadata/namespace").asText()));
        }
        assertThat(kinds).containsExactlyInAnyOrder("Namespace/", "ServiceAccount/jcadvisor", "DaemonSet/jcadvisor",
                "Service/jcadvisor");
    }

    // --- helpers ------------------------------------------------------------------------------

    private static List<Path> manifestFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir())) {
            return s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        }
    }

    private static List<JsonNode> documents(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            it.forEachRemaining(d -> {
                if (d != null && !d.isNull() && !d.isMissingNode()) {
                    out.add(d);
                }
            });
        }
        return out;
    }

    private static JsonNode single(String file) throws IOException {
        List<JsonNode> docs = documents(dir().resolve(file));
        assertThat(docs).as(file).hasSize(1);
        return docs.get(0);
    }

    private static JsonNode daemonSet() throws IOException {
        JsonNode ds = single("daemonset.yaml");
        assertThat(ds.path("kind").asText()).isEqualTo("DaemonSet");
        return ds;
    }

    private static JsonNode agentContainer() throws IOException {
        JsonNode containers = daemonSet().at("/spec/template/spec/containers");
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    /** Volume name → hostPath path. */
    private static Map<String, String> hostPathVolumes() throws IOException {
        Map<String, String> out = new HashMap<>();
        daemonSet().at("/spec/template/spec/volumes").forEach(v -> {
            if (v.has("hostPath")) {
                out.put(v.path("name").asText(), v.at("/hostPath/path").asText());
            }
        });
        return out;
    }

    private static JsonNode mountOfHostPath(JsonNode container, String hostPath) throws IOException {
        Map<String, String> volumes = hostPathVolumes();
        for (JsonNode m : container.path("volumeMounts")) {
            if (hostPath.equals(volumes.get(m.path("name").asText()))) {
                return m;
            }
        }
        return null;
    }

    private static String mountPathOfHostPath(JsonNode container, String hostPath) throws IOException {
        JsonNode m = mountOfHostPath(container, hostPath);
        assertThat(m).as("mount of host path " + hostPath).isNotNull();
        return m.path("mountPath").asText();
    }

    private static Map<String, String> env(JsonNode container) {
        Map<String, String> out = new HashMap<>();
        container.path("env").forEach(e -> out.put(e.path("name").asText(), e.path("value").asText()));
        return out;
    }

    /** A numeric port, or a named one resolved through the container's ports. */
    private static int portNumber(JsonNode container, JsonNode port) {
        if (port.isInt()) {
            return port.asInt();
        }
        for (JsonNode p : container.path("ports")) {
            if (p.path("name").asText().equals(port.asText())) {
                return p.path("containerPort").asInt();
            }
        }
        throw new AssertionError("port " + port + " is not a container port");
    }

    private static int httpPort() throws IOException {
        return Integer.parseInt(applicationProperties().getProperty("quarkus.http.port", "8080"));
    }

    private static Properties applicationProperties() throws IOException {
        Properties p = new Properties();
        try (var in = Files.newInputStream(SourceFiles.project().resolve("src/main/resources/application.properties"))) {
            p.load(in);
        }
        return p;
    }

    private static String strip(String path) {
        return path.replaceAll("^/+|/+$", "");
    }

    private static String pomProperty(Document pom, String name) {
        Node n = pom.getElementsByTagName(name).item(0);
        assertThat(n).as("pom property " + name).isNotNull();
        return n.getTextContent().trim();
    }

    /**
     * Whether {@code tokens} (an environment variable's words) name a leaf of the config mapping,
     * as SmallRye maps {@code CADVISOR_HOUSEKEEPING_GLOBAL_INTERVAL} to
     * {@code cadvisor.housekeeping.global-interval}: each method name in kebab case takes one or
     * more words.
     */
    private static boolean resolves(Class<?> group, List<String> tokens) {
        if (tokens.isEmpty()) {
            return false;
        }
        for (Method m : group.getMethods()) {
            if (m.getParameterCount() != 0 || m.isDefault() || m.getDeclaringClass() == Object.class) {
                continue;
            }
            List<String> words = List.of(m.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2")
                    .toLowerCase(Locale.ROOT).split("-"));
            if (tokens.size() < words.size() || !tokens.subList(0, words.size()).equals(words)) {
                continue;
            }
            List<String> rest = tokens.subList(words.size(), tokens.size());
            Class<?> type = m.getReturnType();
            boolean leaf = !type.isInterface() || type.getPackageName().startsWith("java.");
            if (rest.isEmpty() && leaf) {
                return true;
            }
            if (!rest.isEmpty() && !leaf && resolves(type, rest)) {
                return true;
            }
        }
        return false;
    }

    static BigDecimal cpu(String quantity) {
        return quantity.endsWith("m")
                ? new BigDecimal(quantity.substring(0, quantity.length() - 1)).movePointLeft(3)
                : new BigDecimal(quantity);
    }

    static BigDecimal bytes(String quantity) {
        Map<String, Long> units = Map.of("Ki", 1L << 10, "Mi", 1L << 20, "Gi", 1L << 30,
                "k", 1_000L, "M", 1_000_000L, "G", 1_000_000_000L);
        for (var u : units.entrySet()) {
            if (quantity.endsWith(u.getKey()) && Character.isDigit(quantity.charAt(quantity.length() - u.getKey().length() - 1))) {
                String number = quantity.substring(0, quantity.length() - u.getKey().length());
                return new BigDecimal(number).multiply(BigDecimal.valueOf(u.getValue()));
            }
        }
        return new BigDecimal(quantity);
    }
}
