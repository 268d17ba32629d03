package io.jcadvisor.container.containerd;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CRI {@code runtime.v1} messages the kubelet-like harness sends and reads, encoded with the
 * agent's {@link ProtoWriter}/{@link ProtoReader} from the field numbers of the public
 * {@code k8s.io/cri-api} {@code api.proto} (no generated code). Only the fields a kubelet sets for a
 * plain Linux pod are written; answers keep only what the tests read.
 */
final class CriMessages {

    static final String RUNTIME = "runtime.v1.RuntimeService/";
    static final String IMAGES = "runtime.v1.ImageService/";

    /** {@code NamespaceMode}: POD 0, CONTAINER 1, NODE 2. */
    static final int NS_POD = 0;
    static final int NS_CONTAINER = 1;

    private CriMessages() {
    }

    /** {@code PodSandboxMetadata}. */
    record PodMetadata(String name, String uid, String namespace, int attempt) {
        byte[] encode() {
            return new ProtoWriter().string(1, name).string(2, uid).string(3, namespace).uint(4, attempt)
                    .toByteArray();
        }
    }

    /** {@code DNSConfig}. */
    record Dns(List<String> servers, List<String> searches, List<String> options) {
        byte[] encode() {
            ProtoWriter w = new ProtoWriter();
            servers.forEach(s -> w.string(1, s));
            searches.forEach(s -> w.string(2, s));
            options.forEach(s -> w.string(3, s));
            return w.toByteArray();
        }
    }

    /**
     * {@code LinuxContainerResources}: CFS period and quota (µs), shares, memory limit (bytes),
     * OOM score adjustment; 0 means not set, as in the API.
     */
    record Resources(long cpuPeriod, long cpuQuota, long cpuShares, long memoryLimit, long oomScoreAdj) {
        byte[] encode() {
            return new ProtoWriter().uint(1, cpuPeriod).uint(2, cpuQuota).uint(3, cpuShares).uint(4, memoryLimit)
                    .uint(5, oomScoreAdj).toByteArray();
        }
    }

    /**
     * {@code PodSandboxConfig}.
     *
     * @param logDirectory host directory of the pod's container logs
     * @param cgroupParent {@code /kubepods/burstable/pod<uid>} (cgroupfs syntax)
     * @param resources    the pod's summed resources ({@code LinuxPodSandboxConfig.resources}), or null
     */
    record PodConfig(PodMetadata metadata, String hostname, String logDirectory, Dns dns, Map<String, String> labels,
            Map<String, String> annotations, String cgroupParent, Resources resources) {
        byte[] encode() {
            ProtoWriter w = new ProtoWriter().bytes(1, metadata.encode()).string(2, hostname).string(3, logDirectory)
                    .bytes(4, dns.encode());
            map(w, 6, labels);
            map(w, 7, annotations);
            // LinuxSandboxSecurityContext.namespace_options: network and IPC of the pod, PID per container.
            byte[] namespaces = new ProtoWriter().uint(1, NS_POD).uint(2, NS_CONTAINER).uint(3, NS_POD).toByteArray();
            byte[] security = new ProtoWriter().bytes(1, namespaces).toByteArray();
            ProtoWriter linux = new ProtoWriter().string(1, cgroupParent).bytes(2, security);
            if (resources != null) {
                linux.bytes(5, resources.encode());
            }
            return w.bytes(8, linux.toByteArray()).toByteArray();
        }
    }

    /**
     * {@code ContainerConfig}.
     *
     * @param logPath relative to the pod's log directory: {@code <name>/<attempt>.log}
     */
    record ContainerConfig(String name, int attempt, String image, List<String> command, List<String> args,
            Map<String, String> envs, Map<String, String> labels, Map<String, String> annotations, String logPath,
            Resources resources) {
        byte[] encode() {
            ProtoWriter w = new ProtoWriter()
                    .bytes(1, new ProtoWriter().string(1, name).uint(2, attempt).toByteArray())
                    .bytes(2, new ProtoWriter().string(1, image).toByteArray());
            command.forEach(c -> w.string(3, c));
            args.forEach(a -> w.string(4, a));
            envs.forEach((k, v) -> w.bytes(6, new ProtoWriter().string(1, k).string(2, v).toByteArray()));
            map(w, 9, labels);
            map(w, 10, annotations);
            w.string(11, logPath);
            byte[] namespaces = new ProtoWriter().uint(1, NS_POD).uint(2, NS_CONTAINER).uint(3, NS_POD).toByteArray();
            byte[] security = new ProtoWriter().bytes(3, namespaces).toByteArray();
            w.bytes(15, new ProtoWriter().bytes(1, resources.encode()).bytes(2, security).toByteArray());
            return w.toByteArray();
        }
    }

    /** A {@code map<string, string>} field: one entry message {@code {1: key, 2: value}} per pair. */
    private static void map(ProtoWriter w, int field, Map<String, String> map) {
        map.forEach((k, v) -> w.bytes(field, new ProtoWriter().string(1, k).string(2, v).toByteArray()));
    }

    static byte[] versionRequest() {
        return new ProtoWriter().string(1, "v1").toByteArray();
    }

    /** {@code VersionResponse}: runtime name and version. */
    static String version(byte[] answer) {
        ProtoReader r = new ProtoReader(answer);
        String name = "";
        String version = "";
        while (r.next()) {
            switch (r.field()) {
                case 2 -> name = r.string();
                case 3 -> version = r.string();
                default -> {
                }
            }
        }
        return name + " " + version;
    }

    static byte[] runPodSandbox(PodConfig config) {
        return new ProtoWriter().bytes(1, config.encode()).toByteArray();
    }

    static byte[] createContainer(String sandboxId, ContainerConfig config, PodConfig sandbox) {
        return new ProtoWriter().string(1, sandboxId).bytes(2, config.encode()).bytes(3, sandbox.encode())
                .toByteArray();
    }

    /** A request whose only field is the id in field 1 (start, remove, sandbox stop/remove, status). */
    static byte[] idRequest(String id) {
        return new ProtoWriter().string(1, id).toByteArray();
    }

    static byte[] stopContainer(String id, long timeoutSeconds) {
        return new ProtoWriter().string(1, id).uint(2, timeoutSeconds).toByteArray();
    }

    /** The string in field 1 of an answer (the sandbox or container id). */
    static String firstString(byte[] answer) {
        ProtoReader r = new ProtoReader(answer);
        while (r.next()) {
            if (r.field() == 1) {
                return r.string();
            }
        }
        return "";
    }

    /**
     * {@code ContainerStatus} of a {@code ContainerStatusResponse}.
     *
     * @param state  {@code ContainerState}: 0 created, 1 running, 2 exited, 3 unknown
     * @param reason {@code OOMKilled} for a container the cgroup's OOM killer ended
     */
    record ContainerStatus(String id, int state, int exitCode, String reason, String image) {
        static final int RUNNING = 1;
        static final int EXITED = 2;
    }

    static ContainerStatus containerStatus(byte[] answer) {
        ProtoReader outer = new ProtoReader(answer);
        while (outer.next()) {
            if (outer.field() != 1) {
                continue;
            }
            ProtoReader r = outer.message();
            String id = "";
            int state = 0;
            int exit = 0;
            String reason = "";
            String image = "";
            while (r.next()) {
                switch (r.field()) {
                    case 1 -> id = r.string();
                    case 3 -> state = (int) r.varint();
                    case 7 -> exit = (int) r.varint();
                    case 8 -> {
                        ProtoReader spec = r.message();
                        while (spec.next()) {
                            if (spec.field() == 1) {
                                image = spec.string();
                            }
                        }
                    }
                    case 10 -> reason = r.string();
                    default -> {
                    }
                }
            }
            return new ContainerStatus(id, state, exit, reason, image);
        }
        throw new IllegalStateException("ContainerStatusResponse without status");
    }

    /** Ids of {@code ListPodSandboxResponse.items}. */
    static List<String> sandboxIds(byte[] answer) {
        List<String> ids = new java.util.ArrayList<>();
        ProtoReader r = new ProtoReader(answer);
        while (r.next()) {
            if (r.field() == 1) {
                ids.add(firstString(r.bytes()));
            }
        }
        return ids;
    }

    static byte[] imageStatusRequest(String image) {
        return new ProtoWriter().bytes(1, new ProtoWriter().string(1, image).toByteArray()).toByteArray();
    }

    /** {@code ImageStatusResponse.image.id}, empty when the runtime does not have the image. */
    static Optional<String> imageId(byte[] answer) {
        ProtoReader r = new ProtoReader(answer);
        while (r.next()) {
            if (r.field() == 1) {
                String id = firstString(r.bytes());
                return id.isEmpty() ? Optional.empty() : Optional.of(id);
            }
        }
        return Optional.empty();
    }
}
