package io.jcadvisor.container.containerd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Encoding of the requests and decoding of the answers of the containerd API calls the agent makes,
 * with the field numbers of containerd's public protos ({@code api/services/containers/v1},
 * {@code api/services/tasks/v1}, {@code api/services/version/v1}, {@code api/types/task}). Pure:
 * bytes in, records out; a malformed answer throws {@link ProtoReader.MalformedMessageException}.
 */
final class ContainerdMessages {

    static final String VERSION = "containerd.services.version.v1.Version/Version";
    static final String CONTAINERS_GET = "containerd.services.containers.v1.Containers/Get";
    static final String TASKS_GET = "containerd.services.tasks.v1.Tasks/Get";
    static final String EVENTS_SUBSCRIBE = "containerd.services.events.v1.Events/Subscribe";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ContainerdMessages() {
    }

    /** {@code google.protobuf.Empty}: the version request. */
    static byte[] versionRequest() {
        return new byte[0];
    }

    /** {@code GetContainerRequest{id = 1}}. */
    static byte[] containerRequest(String id) {
        return new ProtoWriter().string(1, id).toByteArray();
    }

    /** {@code tasks.v1.GetRequest{container_id = 1}} (exec_id 2 left empty: the init process). */
    static byte[] taskRequest(String containerId) {
        return new ProtoWriter().string(1, containerId).toByteArray();
    }

    /** {@code VersionResponse{version = 1, revision = 2}}. */
    static ContainerdVersion version(byte[] message) {
        String version = "";
        String revision = "";
        ProtoReader r = new ProtoReader(message);
        while (r.next()) {
            switch (r.field()) {
                case 1 -> version = r.string();
                case 2 -> revision = r.string();
                default -> {
                }
            }
        }
        return new ContainerdVersion(version, revision);
    }

    /**
     * {@code GetContainerResponse{container = 1}} with {@code Container{id = 1, labels = 2 (map
     * entries key 1, value 2), image = 3, spec = 5 (Any: type_url 1, value 2), created_at = 8
     * (Timestamp: seconds 1, nanos 2)}}. The spec's value is the OCI runtime spec as JSON.
     */
    static ContainerdContainer container(byte[] message) {
        ProtoReader r = new ProtoReader(message);
        ProtoReader c = null;
        while (r.next()) {
            if (r.field() == 1 && r.wireType() == ProtoWriter.LENGTH_DELIMITED) {
                c = r.message();
            }
        }
        if (c == null) {
            throw new ProtoReader.MalformedMessageException("GetContainerResponse without container");
        }
        String id = "";
        String image = "";
        Map<String, String> labels = new LinkedHashMap<>();
        Optional<Instant> created = Optional.empty();
        byte[] spec = null;
        while (c.next()) {
            if (c.wireType() != ProtoWriter.LENGTH_DELIMITED) {
                continue;
            }
            switch (c.field()) {
                case 1 -> id = c.string();
                case 2 -> mapEntry(c.message(), labels);
                case 3 -> image = c.string();
                case 5 -> spec = anyValue(c.message());
                case 8 -> created = timestamp(c.message());
                default -> {
                }
            }
        }
        List<String> env = List.of();
        String cgroupsPath = "";
        if (spec != null && spec.length > 0) {
            JsonNode oci = ociSpec(spec);
            env = strings(oci.path("process").path("env"));
            cgroupsPath = oci.path("linux").path("cgroupsPath").asText("");
        }
        return new ContainerdContainer(id, Collections.unmodifiableMap(labels), image, created, env, cgroupsPath);
    }

    /** {@code tasks.v1.GetResponse{process = 1}} with {@code Process{pid = 3, status = 4}}. */
    static ContainerdTask task(byte[] message) {
        ProtoReader r = new ProtoReader(message);
        int pid = 0;
        ContainerdTask.Status status = ContainerdTask.Status.UNKNOWN;
        while (r.next()) {
            if (r.field() != 1 || r.wireType() != ProtoWriter.LENGTH_DELIMITED) {
                continue;
            }
            ProtoReader p = r.message();
            while (p.next()) {
                if (p.wireType() != ProtoWriter.VARINT) {
                    continue;
                }
                switch (p.field()) {
                    // uint32 on the wire; a value above int range is garbage, read as no pid.
                    case 3 -> {
                        long v = p.varint();
                        pid = v > 0 && v <= Integer.MAX_VALUE ? (int) v : 0;
                    }
                    case 4 -> status = ContainerdTask.Status.of(p.varint());
                    default -> {
                    }
                }
            }
        }
        return new ContainerdTask(pid, status);
    }

    /**
     * {@code SubscribeRequest{filters = 1}}: one filter, the namespace (containerd's filter syntax,
     * value quoted).
     */
    static byte[] subscribeRequest(String namespace) {
        String quoted = namespace.replace("\\", "\\\\").replace("\"", "\\\"");
        return new ProtoWriter().string(1, "namespace==\"" + quoted + "\"").toByteArray();
    }

    /**
     * {@code Envelope{namespace = 2, topic = 3, event = 4 (Any)}}; the event messages of the task
     * and container topics all carry the container id in field 1 ({@code TaskStart.container_id},
     * {@code ContainerDelete.id}, …), {@code TaskStart} the pid in field 2, and {@code TaskExit} the
     * exited process's id in field 2 and its {@code exit_status} in field 4.
     */
    static ContainerdEvent event(byte[] message) {
        ProtoReader r = new ProtoReader(message);
        String namespace = "";
        String topic = "";
        byte[] payload = new byte[0];
        while (r.next()) {
            if (r.wireType() != ProtoWriter.LENGTH_DELIMITED) {
                continue;
            }
            switch (r.field()) {
                case 2 -> namespace = r.string();
                case 3 -> topic = r.string();
                case 4 -> payload = anyValue(r.message());
                default -> {
                }
            }
        }
        String id = "";
        int pid = 0;
        String processId = "";
        long status = 0;
        boolean exit = ContainerdEvent.TASK_EXIT.equals(topic);
        if (topic.startsWith("/tasks/") || topic.startsWith("/containers/")) {
            ProtoReader e = new ProtoReader(payload);
            while (e.next()) {
                if (e.field() == 1 && e.wireType() == ProtoWriter.LENGTH_DELIMITED) {
                    id = e.string();
                } else if (e.field() == 2 && e.wireType() == ProtoWriter.VARINT
                        && ContainerdEvent.TASK_START.equals(topic)) {
                    long v = e.varint();
                    pid = v > 0 && v <= Integer.MAX_VALUE ? (int) v : 0;
                } else if (exit && e.field() == 2 && e.wireType() == ProtoWriter.LENGTH_DELIMITED) {
                    processId = e.string();
                } else if (exit && e.field() == 4 && e.wireType() == ProtoWriter.VARINT) {
                    status = e.varint();
                }
            }
        }
        // proto3 leaves out a zero exit_status; an exec'd process's exit is not the container's
        OptionalInt exitStatus = exit && (processId.isEmpty() || processId.equals(id)) && status >= 0
                && status <= Integer.MAX_VALUE ? OptionalInt.of((int) status) : OptionalInt.empty();
        return new ContainerdEvent(namespace, topic, id, pid, exitStatus);
    }

    private static void mapEntry(ProtoReader entry, Map<String, String> into) {
        String key = "";
        String value = "";
        while (entry.next()) {
            if (entry.wireType() != ProtoWriter.LENGTH_DELIMITED) {
                continue;
            }
            if (entry.field() == 1) {
                key = entry.string();
            } else if (entry.field() == 2) {
                value = entry.string();
            }
        }
        into.put(key, value);
    }

    private static byte[] anyValue(ProtoReader any) {
        byte[] value = new byte[0];
        while (any.next()) {
            if (any.field() == 2 && any.wireType() == ProtoWriter.LENGTH_DELIMITED) {
                value = any.bytes();
            }
        }
        return value;
    }

    private static Optional<Instant> timestamp(ProtoReader ts) {
        long seconds = 0;
        long nanos = 0;
        while (ts.next()) {
            if (ts.wireType() != ProtoWriter.VARINT) {
                continue;
            }
            if (ts.field() == 1) {
                seconds = ts.varint();
            } else if (ts.field() == 2) {
                nanos = ts.varint();
            }
        }
        if (seconds <= 0 || nanos < 0 || nanos > 999_999_999L) {
            return Optional.empty();
        }
        return Optional.of(Instant.ofEpochSecond(seconds, nanos));
    }

    /** The OCI runtime spec JSON; garbage or another encoding reads as an empty spec. */
    private static JsonNode ociSpec(byte[] json) {
        try {
            JsonNode node = JSON.readTree(json);
            return node == null ? JSON.createObjectNode() : node;
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static List<String> strings(JsonNode array) {
        if (!array.isArray()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(array.size());
        for (JsonNode n : array) {
            if (n.isTextual()) {
                out.add(n.asText());
            }
        }
        return List.copyOf(out);
    }
}
