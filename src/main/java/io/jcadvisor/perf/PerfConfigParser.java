package io.jcadvisor.perf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses upstream's perf events JSON ({@code -perf_events_config}) into {@link PerfEventsConfig}.
 * Pure; every problem is an {@link IllegalArgumentException} whose message says where (JSON path)
 * and what, so the caller can prefix the file name and fail start-up.
 *
 * <p>Accepted as upstream does: {@code events} entries are strings or arrays of strings (a group);
 * {@code custom_events[].config} entries are hex strings ({@code "0x5300c0"}); we also take decimal
 * strings and JSON numbers. Unknown keys are ignored, as Go's decoder does.
 */
public final class PerfConfigParser {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PerfConfigParser() {
    }

    /** The config in {@code json}; empty text or {@code {}} means no events. */
    public static PerfEventsConfig parse(String json) {
        if (json == null || json.isBlank()) {
            return PerfEventsConfig.EMPTY;
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                            + ", column " + e.getLocation().getColumnNr()));
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the top level must be an object with \"core\" and/or \"uncore\"");
        }
        return new PerfEventsConfig(section(root.get("core"), "core"), section(root.get("uncore"), "uncore"));
    }

    private static PerfEventsConfig.Section section(JsonNode node, String where) {
        if (node == null || node.isNull()) {
            return PerfEventsConfig.Section.EMPTY;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + ": must be an object");
        }
        List<List<String>> groups = new ArrayList<>();
        JsonNode events = node.get("events");
        if (events != null && !events.isNull()) {
            if (!events.isArray()) {
                throw new IllegalArgumentException(where + ".events: must be an array");
            }
            for (int i = 0; i < events.size(); i++) {
                groups.add(group(events.get(i), where + ".events[" + i + "]"));
            }
        }
        List<PerfEventsConfig.CustomEvent> custom = new ArrayList<>();
        JsonNode customs = node.get("custom_events");
        if (customs != null && !customs.isNull()) {
            if (!customs.isArray()) {
                throw new IllegalArgumentException(where + ".custom_events: must be an array");
            }
            for (int i = 0; i < customs.size(); i++) {
                custom.add(custom(customs.get(i), where + ".custom_events[" + i + "]"));
            }
        }
        return new PerfEventsConfig.Section(groups, custom);
    }

    private static List<String> group(JsonNode node, String where) {
        if (node.isTextual()) {
            return List.of(eventName(node, where));
        }
        if (!node.isArray() || node.isEmpty()) {
            throw new IllegalArgumentException(where + ": must be an event name or a non-empty array of names");
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            names.add(eventName(node.get(i), where + "[" + i + "]"));
        }
        return names;
    }

    private static String eventName(JsonNode node, String where) {
        if (!node.isTextual() || node.asText().isBlank()) {
            throw new IllegalArgumentException(where + ": must be a non-empty event name");
        }
        String name = node.asText().trim();
        // These characters would split or regroup perf's -e argument.
        if (name.indexOf(';') >= 0 || name.indexOf('{') >= 0 || name.indexOf('}') >= 0
                || name.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException(where + ": event name \"" + name + "\" has a character perf "
                    + "cannot take in an event list (';', '{', '}' or a space)");
        }
        return name;
    }

    private static PerfEventsConfig.CustomEvent custom(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + ": must be an object with type, config and name");
        }
        JsonNode name = node.get("name");
        if (name == null || !name.isTextual() || name.asText().isBlank()) {
            throw new IllegalArgumentException(where + ".name: missing");
        }
        JsonNode type = node.get("type");
        int typeValue = 0;
        if (type != null && !type.isNull()) {
            if (!type.canConvertToLong() || type.asLong() < 0 || type.asLong() > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException(where + ".type: must be a uint32, not " + type);
            }
            typeValue = (int) type.asLong();
        }
        JsonNode config = node.get("config");
        if (config == null || !config.isArray() || config.isEmpty() || config.size() > 3) {
            throw new IllegalArgumentException(where + ".config: must be an array of 1 to 3 values (config, "
                    + "config1, config2)");
        }
        List<Long> values = new ArrayList<>();
        for (int i = 0; i < config.size(); i++) {
            values.add(configValue(config.get(i), where + ".config[" + i + "]"));
        }
        return new PerfEventsConfig.CustomEvent(typeValue, values, name.asText().trim());
    }

    private static long configValue(JsonNode node, String where) {
        if (node.isIntegralNumber() && node.canConvertToLong() && node.asLong() >= 0) {
            return node.asLong();
        }
        if (node.isTextual()) {
            String text = node.asText().trim();
            try {
                if (text.startsWith("0x") || text.startsWith("0X")) {
                    return Long.parseUnsignedLong(text.substring(2), 16);
                }
                return Long.parseUnsignedLong(text);
            } catch (NumberFormatException e) {
                // reported below with the value
            }
        }
        throw new IllegalArgumentException(where + ": \"" + node.asText() + "\" is not a uint64 (\"0x…\" hex)");
    }
}
