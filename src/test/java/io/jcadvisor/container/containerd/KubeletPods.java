package io.jcadvisor.container.containerd;

import io.jcadvisor.testing.PrivateContainerd;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * Does for the tests what a kubelet with the cgroupfs driver does on a node, through the real CRI
 * API of a {@link PrivateContainerd}: makes the QoS and pod cgroups itself ({@code /kubepods},
 * {@code /kubepods/burstable}, {@code /kubepods/besteffort}, {@code …/pod<uid>}, in every cgroup v1
 * hierarchy, with the pod's CPU shares, quota and memory limit), then {@code RunPodSandbox} with the
 * pod's metadata, labels, annotations, cgroup parent by QoS class, log directory and DNS config, and
 * per container {@code CreateContainer} (kubelet labels and annotations, linux resources) and
 * {@code StartContainer}. A restart is {@code StopContainer}, then attempt + 1 created and started, as
 * the kubelet restarts a container in place. {@link #close()} removes every pod it made and the QoS
 * cgroups once empty (a kubelet leaves them; the tests must not).
 */
public final class KubeletPods implements AutoCloseable {

    /** The kubelet's default {@code --cgroup-root} with the cgroupfs driver. */
    static final String ROOT = "/kubepods";
    private static final Path CGROUP_FS = Path.of("/sys/fs/cgroup");
    /** CFS period the kubelet sets (100 ms, in µs). */
    static final long CFS_PERIOD = 100_000;

    /** Kubernetes QoS classes and where their pods' cgroups go. */
    public enum Qos {
        GUARANTEED(ROOT), BURSTABLE(ROOT + "/burstable"), BEST_EFFORT(ROOT + "/besteffort");

        final String parent;

        Qos(String parent) {
            this.parent = parent;
        }
    }

    /**
     * A container of a pod spec: CPU in millicores, memory in bytes; 0 for a request or limit not set.
     */
    public record ContainerSpec(String name, List<String> command, long cpuRequest, long cpuLimit, long memoryRequest,
            long memoryLimit) {
        public static ContainerSpec of(String name, String shell) {
            return new ContainerSpec(name, List.of("sh", "-c", shell), 0, 0, 0, 0);
        }

        public ContainerSpec cpu(long request, long limit) {
            return new ContainerSpec(name, command, request, limit, memoryRequest, memoryLimit);
        }

        public ContainerSpec memory(long request, long limit) {
            return new ContainerSpec(name, command, cpuRequest, cpuLimit, request, limit);
        }
    }

    /** A pod as the tests see it once it runs: ids and cgroup names. */
    public static final class Pod {
        public final String name;
        public final String namespace;
        public final String uid;
        public final Qos qos;
        final CriMessages.PodConfig config;
        public final String sandboxId;
        /** Container name → current container id. */
        public final Map<String, String> containers = new LinkedHashMap<>();
        /** Every container id ever made in the pod (restarts leave the exited one, as on a node). */
        final List<String> allContainerIds = new CopyOnWriteArrayList<>();
        final Map<String, ContainerSpec> specs = new LinkedHashMap<>();
        final Map<String, Integer> attempts = new LinkedHashMap<>();

        Pod(String name, String namespace, String uid, Qos qos, CriMessages.PodConfig config, String sandboxId) {
            this.name = name;
            this.namespace = namespace;
            this.uid = uid;
            this.qos = qos;
            this.config = config;
            this.sandboxId = sandboxId;
        }

        /** The pod-level cgroup, {@code /kubepods/burstable/pod<uid>}. */
        public String cgroup() {
            return qos.parent + "/pod" + uid;
        }

        /** A container's cgroup name (what the agent serves it under). */
        public String cgroupOf(String containerId) {
            return cgroup() + "/" + containerId;
        }

        public String sandboxCgroup() {
            return cgroupOf(sandboxId);
        }

        public String id(String container) {
            return containers.get(container);
        }
    }

    private final PrivateContainerd containerd;
    private final CriClient cri;
    private final List<Pod> pods = new CopyOnWriteArrayList<>();
    private final long memTotal;

    public KubeletPods(Vertx vertx, PrivateContainerd containerd) throws IOException {
        this.containerd = containerd;
        this.cri = new CriClient(vertx, containerd.socket().toString());
        if (Files.exists(CGROUP_FS.resolve("cgroup.controllers"))) {
            throw new IOException("cgroup v2 host: the harness makes v1 hierarchies' kubepods only");
        }
        this.memTotal = Files.readAllLines(Path.of("/proc/meminfo")).stream()
                .filter(l -> l.startsWith("MemTotal:")).mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")) * 1024)
                .findFirst().orElseThrow();
    }

    CriClient cri() {
        return cri;
    }

    /** The QoS class Kubernetes gives a pod of these containers. */
    static Qos qosOf(List<ContainerSpec> containers) {
        boolean none = containers.stream().allMatch(c -> c.cpuRequest() == 0 && c.cpuLimit() == 0
                && c.memoryRequest() == 0 && c.memoryLimit() == 0);
        if (none) {
            return Qos.BEST_EFFORT;
        }
        boolean guaranteed = containers.stream().allMatch(c -> c.cpuLimit() > 0 && c.memoryLimit() > 0
                && (c.cpuRequest() == 0 || c.cpuRequest() == c.cpuLimit())
                && (c.memoryRequest() == 0 || c.memoryRequest() == c.memoryLimit()));
        return guaranteed ? Qos.GUARANTEED : Qos.BURSTABLE;
    }

    /**
     * Runs a pod: QoS and pod cgroups, sandbox, then each container created and started in order.
     */
    public Pod run(String name, String namespace, List<ContainerSpec> containers) throws IOException, ContainerdException {
        String uid = UUID.randomUUID().toString();
        Qos qos = qosOf(containers);
        makePodCgroup(qos, uid, containers);
        Path logs = Files.createDirectories(containerd.directory().resolve("pods")
                .resolve(namespace + "_" + name + "_" + uid));
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app", name);
        labels.put("io.kubernetes.pod.name", name);
        labels.put("io.kubernetes.pod.namespace", namespace);
        labels.put("io.kubernetes.pod.uid", uid);
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("kubernetes.io/config.seen", Instant.now().toString());
        annotations.put("kubernetes.io/config.source", "api");
        CriMessages.PodConfig config = new CriMessages.PodConfig(
                new CriMessages.PodMetadata(name, uid, namespace, 0), name, logs.toString(),
                new CriMessages.Dns(List.of("10.96.0.10"),
                        List.of(namespace + ".svc.cluster.local", "svc.cluster.local", "cluster.local"),
                        List.of("ndots:5")),
                labels, annotations, qos.parent + "/pod" + uid, podResources(containers));
        String sandboxId;
        try {
            sandboxId = cri.runPodSandbox(config);
        } catch (ContainerdException e) {
            removePodCgroup(qos.parent + "/pod" + uid);
            throw new ContainerdException(e.status(), e.getMessage() + "\ncontainerd log:\n" + containerd.logTail(), e);
        }
        Pod pod = new Pod(name, namespace, uid, qos, config, sandboxId);
        pods.add(pod);
        for (ContainerSpec c : containers) {
            pod.specs.put(c.name(), c);
            start(pod, c, 0);
        }
        return pod;
    }

    private void start(Pod pod, ContainerSpec c, int attempt) throws IOException, ContainerdException {
        Files.createDirectories(Path.of(pod.config.logDirectory()).resolve(c.name()));
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("io.kubernetes.container.name", c.name());
        labels.put("io.kubernetes.pod.name", pod.name);
        labels.put("io.kubernetes.pod.namespace", pod.namespace);
        labels.put("io.kubernetes.pod.uid", pod.uid);
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("io.kubernetes.container.hash", Integer.toHexString(c.hashCode()));
        annotations.put("io.kubernetes.container.restartCount", Integer.toString(attempt));
        annotations.put("io.kubernetes.container.terminationMessagePath", "/dev/termination-log");
        annotations.put("io.kubernetes.container.terminationMessagePolicy", "File");
        annotations.put("io.kubernetes.pod.terminationGracePeriod", "30");
        Map<String, String> envs = new LinkedHashMap<>();
        envs.put("KUBERNETES_SERVICE_HOST", "10.96.0.1");
        envs.put("KUBERNETES_SERVICE_PORT", "443");
        CriMessages.ContainerConfig config = new CriMessages.ContainerConfig(c.name(), attempt,
                PrivateContainerd.BUSYBOX_IMAGE, c.command(), List.of(), envs, labels, annotations,
                c.name() + "/" + attempt + ".log", containerResources(pod.qos, c));
        String id = cri.createContainer(pod.sandboxId, config, pod.config);
        pod.allContainerIds.add(id);
        cri.startContainer(id);
        pod.containers.put(c.name(), id);
        pod.attempts.put(c.name(), attempt);
    }

    /** Restarts a container as the kubelet does: stop (SIGTERM, 1 s grace), create attempt + 1, start. */
    String restart(Pod pod, String container) throws IOException, ContainerdException {
        String old = pod.id(container);
        cri.stopContainer(old, 1);
        start(pod, pod.specs.get(container), pod.attempts.get(container) + 1);
        return pod.id(container);
    }

    /**
     * Deletes a pod as the kubelet does: containers stopped, sandbox stopped (network torn down),
     * containers and sandbox removed, then the pod cgroup.
     */
    public void remove(Pod pod) throws ContainerdException {
        ContainerdException failure = null;
        for (String id : pod.allContainerIds) {
            try {
                cri.stopContainer(id, 0);
            } catch (ContainerdException e) {
                failure = failure == null ? e : failure;
            }
        }
        try {
            cri.stopPodSandbox(pod.sandboxId);
            for (String id : pod.allContainerIds) {
                cri.removeContainer(id);
            }
            cri.removePodSandbox(pod.sandboxId);
        } catch (ContainerdException e) {
            failure = failure == null ? e : failure;
        }
        removePodCgroup(pod.cgroup());
        deleteTree(Path.of(pod.config.logDirectory()));
        pods.remove(pod);
        if (failure != null) {
            throw failure;
        }
    }

    /** Removes every pod left, then the QoS cgroups once nothing is under them (another run may be). */
    @Override
    public void close() {
        for (Pod pod : List.copyOf(pods)) {
            try {
                remove(pod);
            } catch (ContainerdException e) {
                // The daemon's own cleanup (PrivateContainerd.close) kills what is left.
                pods.remove(pod);
            }
        }
        try {
            for (String id : cri.listPodSandboxes()) {
                try {
                    cri.stopPodSandbox(id);
                    cri.removePodSandbox(id);
                } catch (ContainerdException e) {
                    // Left to PrivateContainerd.close.
                }
            }
        } catch (ContainerdException e) {
            // Daemon gone.
        }
        for (String qos : List.of(Qos.BURSTABLE.parent, Qos.BEST_EFFORT.parent, ROOT)) {
            removePodCgroup(qos);
        }
        cri.close();
    }

    // --- cgroups, as the kubelet's cgroupfs manager makes them ------------------------------------

    /** Every mounted cgroup v1 hierarchy (and the hybrid {@code unified} one, where runc also makes paths). */
    private static List<Path> hierarchies() {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(CGROUP_FS)) {
            for (Path d : dirs.toList()) {
                if (Files.isDirectory(d) && !Files.isSymbolicLink(d) && Files.exists(d.resolve("cgroup.procs"))) {
                    out.add(d);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private void makePodCgroup(Qos qos, String uid, List<ContainerSpec> containers) throws IOException {
        for (String cgroup : List.of(ROOT, Qos.BURSTABLE.parent, Qos.BEST_EFFORT.parent, qos.parent + "/pod" + uid)) {
            containerd.recordCgroup(cgroup);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                for (Path h : hierarchies()) {
                    mkdir(h, ROOT);
                    mkdir(h, Qos.BURSTABLE.parent);
                    mkdir(h, Qos.BEST_EFFORT.parent);
                    mkdir(h, qos.parent + "/pod" + uid);
                }
                break;
            } catch (java.nio.file.NoSuchFileException e) {
                // Another run removed an empty QoS cgroup between two mkdirs: make the chain again.
                if (attempt == 3) {
                    throw e;
                }
            }
        }
        // QoS level: best-effort pods share the minimum weight.
        write("cpu", Qos.BEST_EFFORT.parent, "cpu.shares", "2");
        String pod = qos.parent + "/pod" + uid;
        long cpuRequests = containers.stream().mapToLong(ContainerSpec::cpuRequest).sum();
        write("cpu", pod, "cpu.shares", Long.toString(qos == Qos.BEST_EFFORT ? 2 : shares(cpuRequests)));
        if (containers.stream().allMatch(c -> c.cpuLimit() > 0)) {
            write("cpu", pod, "cpu.cfs_period_us", Long.toString(CFS_PERIOD));
            write("cpu", pod, "cpu.cfs_quota_us",
                    Long.toString(quota(containers.stream().mapToLong(ContainerSpec::cpuLimit).sum())));
        }
        if (containers.stream().allMatch(c -> c.memoryLimit() > 0)) {
            write("memory", pod, "memory.limit_in_bytes",
                    Long.toString(containers.stream().mapToLong(ContainerSpec::memoryLimit).sum()));
        }
    }

    /** mkdir in one hierarchy; a new cpuset gets its parent's cpus and mems (else no task may join). */
    private static void mkdir(Path hierarchy, String cgroup) throws IOException {
        Path dir = hierarchy.resolve(cgroup.substring(1));
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.createDirectory(dir);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return;
        }
        if (Files.exists(dir.resolve("cpuset.cpus"))) {
            for (String file : List.of("cpuset.cpus", "cpuset.mems")) {
                Files.writeString(dir.resolve(file), Files.readString(dir.getParent().resolve(file)).trim());
            }
        }
    }

    /** Writes a cgroup file in the hierarchy that holds {@code controller} ({@code cpu}, {@code memory}). */
    private static void write(String controller, String cgroup, String file, String value) throws IOException {
        for (Path h : hierarchies()) {
            Path f = h.resolve(cgroup.substring(1)).resolve(file);
            if (Files.exists(f) && List.of(h.getFileName().toString().split(",")).contains(controller)) {
                Files.writeString(f, value);
                return;
            }
        }
        throw new IOException("no " + controller + " hierarchy with " + cgroup + "/" + file);
    }

    /** rmdir of the cgroup in every hierarchy; quiet when busy (another run's pods) or gone. */
    private static void removePodCgroup(String cgroup) {
        for (Path h : hierarchies()) {
            try {
                Files.deleteIfExists(h.resolve(cgroup.substring(1)));
            } catch (IOException busy) {
                // Not empty: a container cgroup runc has not removed yet, or another run's pod.
            }
        }
    }

    /** The kubelet's millicores → cpu.shares (1024 per core, at least 2). */
    public static long shares(long milliCpu) {
        return Math.max(2, milliCpu * 1024 / 1000);
    }

    /** The kubelet's millicores → CFS quota per {@link #CFS_PERIOD} (at least 1 ms). */
    public static long quota(long milliCpu) {
        return Math.max(1000, milliCpu * CFS_PERIOD / 1000);
    }

    private CriMessages.Resources containerResources(Qos qos, ContainerSpec c) {
        long cpuShares = c.cpuRequest() > 0 ? shares(c.cpuRequest()) : c.cpuLimit() > 0 ? shares(c.cpuLimit()) : 2;
        long oomScoreAdj = switch (qos) {
            case GUARANTEED -> -997;
            case BEST_EFFORT -> 1000;
            case BURSTABLE -> Math.min(999, Math.max(2, 1000 - 1000 * c.memoryRequest() / memTotal));
        };
        return new CriMessages.Resources(CFS_PERIOD, c.cpuLimit() > 0 ? quota(c.cpuLimit()) : 0, cpuShares,
                c.memoryLimit(), oomScoreAdj);
    }

    private static CriMessages.Resources podResources(List<ContainerSpec> containers) {
        long cpuLimit = containers.stream().allMatch(c -> c.cpuLimit() > 0)
                ? containers.stream().mapToLong(ContainerSpec::cpuLimit).sum() : 0;
        long memLimit = containers.stream().allMatch(c -> c.memoryLimit() > 0)
                ? containers.stream().mapToLong(ContainerSpec::memoryLimit).sum() : 0;
        return new CriMessages.Resources(CFS_PERIOD, cpuLimit > 0 ? quota(cpuLimit) : 0,
                shares(containers.stream().mapToLong(ContainerSpec::cpuRequest).sum()), memLimit, 0);
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "KubeletPods[" + containerd.socket() + ", " + pods.size() + " pods]";
    }
}
