package io.jcadvisor.container.engine;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes the Engine API answers the agent reads (Docker's, and Podman's compatible service) into
 * the records of this package, token by token with Jackson's streaming parser.
 *
 * <p>Why not data binding: binding a record makes Jackson introspect it on first use (reflection over
 * its components and annotations, generic signatures, and method handles whose classes the JDK spins
 * at run time), and that code runs interpreted, then compiled, while the agent starts and inspects
 * every container. With 50 Docker containers it cost 130-250 ms of start-up CPU on a 2-vCPU host
 * (bench/README.md, "The Docker answers without data binding"). A streaming decode of a few known
 * fields does none of it.
 *
 * <p>The rules are those the binding had: field names are case-sensitive, unknown fields (and
 * anything nested in them) are skipped, a missing or {@code null} field is {@code null} for an object,
 * string, list or map and {@code 0}/{@code false} for a number or flag, a scalar where a string is
 * expected is read as its text, and a number given as a string is parsed. Anything else (an object
 * where a number is expected, a truncated or non-JSON body) is an {@link IOException}. What follows
 * the first value is not read.
 */
public final class DockerJsonParser {

    /** Thread-safe once configured; parsers made from it are not shared. */
    private static final JsonFactory JSON = new JsonFactory();

    private DockerJsonParser() {
    }

    /** {@code GET /containers/{id}/json}. */
    public static DockerInspect inspect(byte[] body) throws IOException {
        try (JsonParser p = open(body)) {
            return inspect(p);
        }
    }

    /** {@code GET /info}. */
    public static DockerInfo info(byte[] body) throws IOException {
        try (JsonParser p = open(body)) {
            String version = null;
            String driver = null;
            String root = null;
            while (nextField(p)) {
                switch (p.currentName()) {
                    case "ServerVersion" -> version = text(p);
                    case "Driver" -> driver = text(p);
                    case "DockerRootDir" -> root = text(p);
                    default -> p.skipChildren();
                }
            }
            return new DockerInfo(version, driver, root);
        }
    }

    /** {@code GET /version}. */
    public static DockerVersion version(byte[] body) throws IOException {
        try (JsonParser p = open(body)) {
            String version = null;
            String api = null;
            while (nextField(p)) {
                switch (p.currentName()) {
                    case "Version" -> version = text(p);
                    case "ApiVersion" -> api = text(p);
                    default -> p.skipChildren();
                }
            }
            return new DockerVersion(version, api);
        }
    }

    /** {@code GET /containers/json}: an array of summaries. */
    public static List<DockerContainerSummary> containers(byte[] body) throws IOException {
        try (JsonParser p = JSON.createParser(body)) {
            expect(p, p.nextToken(), JsonToken.START_ARRAY);
            List<DockerContainerSummary> all = new ArrayList<>();
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                expect(p, t, JsonToken.START_OBJECT);
                String id = null;
                List<String> names = null;
                String state = null;
                while (nextField(p)) {
                    switch (p.currentName()) {
                        case "Id" -> id = text(p);
                        case "Names" -> names = strings(p);
                        case "State" -> state = text(p);
                        default -> p.skipChildren();
                    }
                }
                all.add(new DockerContainerSummary(id, names, state));
            }
            return all;
        }
    }

    /** One line of {@code GET /events}. */
    public static DockerEvent event(byte[] line) throws IOException {
        try (JsonParser p = open(line)) {
            String type = null;
            String status = null;
            String action = null;
            String id = null;
            DockerEvent.Actor actor = null;
            while (nextField(p)) {
                switch (p.currentName()) {
                    case "Type" -> type = text(p);
                    case "status" -> status = text(p);
                    case "Action" -> action = text(p);
                    case "id" -> id = text(p);
                    case "Actor" -> actor = object(p) ? new DockerEvent.Actor(onlyText(p, "ID")) : null;
                    default -> p.skipChildren();
                }
            }
            return new DockerEvent(type, status, action, id, actor);
        }
    }

    /** The {@code message} of an error answer ({@code {"message":"..."}}), or null when it has none. */
    public static String message(byte[] body) throws IOException {
        try (JsonParser p = open(body)) {
            return onlyText(p, "message");
        }
    }

    private static DockerInspect inspect(JsonParser p) throws IOException {
        String id = null;
        String name = null;
        String created = null;
        DockerInspect.State state = null;
        int restarts = 0;
        DockerInspect.Config config = null;
        DockerInspect.HostConfig hostConfig = null;
        DockerInspect.GraphDriver graphDriver = null;
        DockerInspect.NetworkSettings network = null;
        while (nextField(p)) {
            switch (p.currentName()) {
                case "Id" -> id = text(p);
                case "Name" -> name = text(p);
                case "Created" -> created = text(p);
                case "State" -> state = object(p) ? state(p) : null;
                case "RestartCount" -> restarts = (int) number(p);
                case "Config" -> config = object(p) ? config(p) : null;
                case "HostConfig" -> hostConfig = object(p) ? hostConfig(p) : null;
                case "GraphDriver" -> graphDriver = object(p) ? graphDriver(p) : null;
                case "NetworkSettings" -> network = object(p) ? networkSettings(p) : null;
                default -> p.skipChildren();
            }
        }
        return new DockerInspect(id, name, created, state, restarts, config, hostConfig, graphDriver, network);
    }

    private static DockerInspect.State state(JsonParser p) throws IOException {
        boolean running = false;
        int pid = 0;
        String startedAt = null;
        DockerInspect.Health health = null;
        int exitCode = 0;
        while (nextField(p)) {
            switch (p.currentName()) {
                case "Running" -> running = flag(p);
                case "Pid" -> pid = (int) number(p);
                case "StartedAt" -> startedAt = text(p);
                case "Health" -> health = object(p) ? new DockerInspect.Health(onlyText(p, "Status")) : null;
                case "ExitCode" -> exitCode = (int) number(p);
                default -> p.skipChildren();
            }
        }
        return new DockerInspect.State(running, pid, startedAt, health, exitCode);
    }

    private static DockerInspect.Config config(JsonParser p) throws IOException {
        String image = null;
        Map<String, String> labels = null;
        List<String> env = null;
        while (nextField(p)) {
            switch (p.currentName()) {
                case "Image" -> image = text(p);
                case "Labels" -> labels = stringMap(p);
                case "Env" -> env = strings(p);
                default -> p.skipChildren();
            }
        }
        return new DockerInspect.Config(image, labels, env);
    }

    private static DockerInspect.HostConfig hostConfig(JsonParser p) throws IOException {
        String networkMode = null;
        long memory = 0;
        long reservation = 0;
        long swap = 0;
        long nanoCpus = 0;
        long quota = 0;
        long period = 0;
        long shares = 0;
        while (nextField(p)) {
            switch (p.currentName()) {
                case "NetworkMode" -> networkMode = text(p);
                case "Memory" -> memory = number(p);
                case "MemoryReservation" -> reservation = number(p);
                case "MemorySwap" -> swap = number(p);
                case "NanoCpus" -> nanoCpus = number(p);
                case "CpuQuota" -> quota = number(p);
                case "CpuPeriod" -> period = number(p);
                case "CpuShares" -> shares = number(p);
                default -> p.skipChildren();
            }
        }
        return new DockerInspect.HostConfig(networkMode, memory, reservation, swap, nanoCpus, quota, period, shares);
    }

    private static DockerInspect.GraphDriver graphDriver(JsonParser p) throws IOException {
        String name = null;
        Map<String, String> data = null;
        while (nextField(p)) {
            switch (p.currentName()) {
                case "Name" -> name = text(p);
                case "Data" -> data = stringMap(p);
                default -> p.skipChildren();
            }
        }
        return new DockerInspect.GraphDriver(name, data);
    }

    private static DockerInspect.NetworkSettings networkSettings(JsonParser p) throws IOException {
        String ipAddress = null;
        Map<String, DockerInspect.Network> networks = null;
        while (nextField(p)) {
            switch (p.currentName()) {
                case "IPAddress" -> ipAddress = text(p);
                case "Networks" -> {
                    if (object(p)) {
                        networks = new LinkedHashMap<>();
                        while (nextField(p)) {
                            String network = p.currentName();
                            networks.put(network, object(p) ? new DockerInspect.Network(onlyText(p, "IPAddress")) : null);
                        }
                    } else {
                        networks = null;
                    }
                }
                default -> p.skipChildren();
            }
        }
        return new DockerInspect.NetworkSettings(ipAddress, networks);
    }

    /** A parser on the body, past the opening brace of its object. */
    private static JsonParser open(byte[] body) throws IOException {
        JsonParser p = JSON.createParser(body);
        try {
            expect(p, p.nextToken(), JsonToken.START_OBJECT);
            return p;
        } catch (IOException | RuntimeException e) {
            p.close();
            throw e;
        }
    }

    /**
     * Moves to the next field of the current object and its value: true with the parser on the value
     * ({@link JsonParser#currentName()} is its name), false at the object's end.
     */
    private static boolean nextField(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t == JsonToken.END_OBJECT) {
            return false;
        }
        expect(p, t, JsonToken.FIELD_NAME);
        if (p.nextToken() == null) {
            throw new JsonParseException(p, "no value for field " + p.currentName());
        }
        return true;
    }

    /** Whether the current value is an object (the parser stays on its start), false for null. */
    private static boolean object(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return false;
        }
        expect(p, t, JsonToken.START_OBJECT);
        return true;
    }

    /** Of the object the parser is on, the text of field {@code name}; the other fields are skipped. */
    private static String onlyText(JsonParser p, String name) throws IOException {
        String value = null;
        while (nextField(p)) {
            if (p.currentName().equals(name)) {
                value = text(p);
            } else {
                p.skipChildren();
            }
        }
        return value;
    }

    /** The current value as text: null for null, a scalar's text, an error for an object or array. */
    private static String text(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (!t.isScalarValue()) {
            throw new JsonParseException(p, "expected a string, found " + t);
        }
        return p.getText();
    }

    /** The current value as a whole number: 0 for null, a float cut to its integer, a numeric string parsed. */
    private static long number(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case VALUE_NULL:
                return 0;
            case VALUE_NUMBER_INT:
                return p.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return (long) p.getDoubleValue();
            case VALUE_STRING:
                String s = p.getText().trim();
                if (s.isEmpty()) {
                    return 0;
                }
                try {
                    return Long.parseLong(s);
                } catch (NumberFormatException e) {
                    throw new JsonParseException(p, "expected a number, found \"" + s + "\"");
                }
            default:
                throw new JsonParseException(p, "expected a number, found " + t);
        }
    }

    /** The current value as a flag: false for null, {@code "true"}/{@code "false"} as strings too. */
    private static boolean flag(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case VALUE_TRUE:
                return true;
            case VALUE_FALSE:
            case VALUE_NULL:
                return false;
            case VALUE_STRING:
                String s = p.getText().trim();
                if (s.equals("true") || s.equals("false") || s.isEmpty()) {
                    return s.equals("true");
                }
                throw new JsonParseException(p, "expected true or false, found \"" + s + "\"");
            default:
                throw new JsonParseException(p, "expected true or false, found " + t);
        }
    }

    /** The current value as a list of strings, or null for null. */
    private static List<String> strings(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(p, t, JsonToken.START_ARRAY);
        List<String> list = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            list.add(text(p));
        }
        return list;
    }

    /** The current value as a map of strings in the answer's order, or null for null. */
    private static Map<String, String> stringMap(JsonParser p) throws IOException {
        if (!object(p)) {
            return null;
        }
        Map<String, String> map = new LinkedHashMap<>();
        while (nextField(p)) {
            map.put(p.currentName(), text(p));
        }
        return map;
    }

    private static void expect(JsonParser p, JsonToken found, JsonToken wanted) throws IOException {
        if (found != wanted) {
            throw new JsonParseException(p, "expected " + wanted + ", found " + (found == null ? "the end of the answer" : found));
        }
    }
}
