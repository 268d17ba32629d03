package io.jcadvisor.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The optional JSON body of the v1 container endpoints (upstream {@code ContainerInfoRequest}).
 * Unknown fields are ignored (the bundled UI sends {@code num_samples}).
 *
 * @param numStats how many of the newest samples: -1 = all cached, 0 = none (then {@code stats} is
 *                 omitted from the answer)
 * @param start    only samples at or after this time, or null (Go's zero time) for unbounded
 * @param end      only samples at or before this time, or null for unbounded
 */
public record ContainerInfoRequest(int numStats, Instant start, Instant end) {

    /** Upstream's default number of samples. */
    public static final int DEFAULT_NUM_STATS = 60;

    public static final ContainerInfoRequest DEFAULT = new ContainerInfoRequest(DEFAULT_NUM_STATS, null, null);

    /** Go's zero time: a client that echoes an unset time means "unbounded". */
    private static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

    /**
     * Reads a request body; an empty (or whitespace-only, or {@code null}) body means the defaults.
     *
     * @throws ApiError 400 {@code unable to decode the json value: …} naming the field and why
     */
    public static ContainerInfoRequest parse(String body, ObjectMapper mapper) {
        if (body == null || body.isBlank()) {
            return DEFAULT;
        }
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw decodeError(syntaxError(e));
        }
        if (root == null || root.isNull() || root.isMissingNode()) {
            return DEFAULT;
        }
        if (!root.isObject()) {
            throw decodeError("expected a JSON object, got " + kind(root));
        }
        int numStats = DEFAULT_NUM_STATS;
        JsonNode n = root.get("num_stats");
        if (n != null && !n.isNull()) {
            if (!n.isIntegralNumber() || !n.canConvertToInt()) {
                throw decodeError("num_stats: expected an integer, got " + kind(n) + " " + n);
            }
            numStats = n.intValue();
            if (numStats < -1) {
                throw ApiError.badRequest("invalid num_stats " + numStats + ": only -1 (all) and larger values allowed");
            }
        }
        Instant start = time(root, "start");
        Instant end = time(root, "end");
        return new ContainerInfoRequest(numStats, start, end);
    }

    private static Instant time(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw decodeError(field + ": expected an RFC 3339 time string, got " + kind(n) + " " + n);
        }
        try {
            Instant t = OffsetDateTime.parse(n.textValue(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            return t.equals(GO_ZERO_TIME) ? null : t;
        } catch (DateTimeParseException e) {
            throw decodeError(field + ": not an RFC 3339 time: \"" + n.textValue() + "\"");
        }
    }

    private static String kind(JsonNode n) {
        return switch (n.getNodeType()) {
            case STRING -> "string";
            case NUMBER -> "number";
            case BOOLEAN -> "boolean";
            case ARRAY -> "array";
            case OBJECT -> "object";
            default -> n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /**
     * Why a body is not JSON, in the client's terms: where it broke, never the parser's own wording
     * (which names Jackson's settings, such as {@code JsonReadFeature} or {@code StreamReadConstraints}).
     */
    static String syntaxError(JsonProcessingException e) {
        if (e instanceof StreamConstraintsException) {
            return "the document is nested too deeply or holds a value too long";
        }
        JsonLocation at = e.getLocation();
        if (at == null || at.getLineNr() < 1) {
            return "not valid JSON";
        }
        return "not valid JSON at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    private static ApiError decodeError(String why) {
        return ApiError.badRequest("unable to decode the json value: " + why);
    }
}
