package io.jcadvisor.api;

import io.jcadvisor.config.GoDuration;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The query options of every v2 request (upstream {@code v2.RequestOptions}).
 *
 * @param idType    how the path names containers: {@code name} (cgroup path), {@code docker} or
 *                  {@code podman} (alias, id or unique prefix within that namespace)
 * @param count     samples per container, newest kept; -1 = all cached, 0 = none
 * @param recursive include every descendant ({@code name}) or every container of the namespace
 * @param maxAge    refresh containers whose newest sample is older than this before answering
 */
public record RequestOptions(String idType, int count, boolean recursive, Optional<Duration> maxAge) {

    public static final String TYPE_NAME = "name";
    public static final String TYPE_DOCKER = "docker";
    public static final String TYPE_PODMAN = "podman";

    /** Upstream's default sample count. */
    public static final int DEFAULT_COUNT = 64;

    /**
     * Parses the query parameters (first value of each). Unlike upstream (always 500), a bad value
     * is a 400 naming the parameter and why; the messages keep upstream's wording.
     *
     * @throws ApiError 400 for an unknown {@code type}, a non-integer {@code count} or one below -1,
     *                  or a {@code max_age} that is not a non-negative Go duration
     */
    public static RequestOptions parse(Map<String, List<String>> query) {
        String type = first(query, "type").orElse(TYPE_NAME);
        if (type.isEmpty()) {
            type = TYPE_NAME;
        }
        if (!type.equals(TYPE_NAME) && !type.equals(TYPE_DOCKER) && !type.equals(TYPE_PODMAN)) {
            throw ApiError.badRequest("unknown 'type' \"" + type + "\"");
        }
        int count = DEFAULT_COUNT;
        Optional<String> countText = first(query, "count");
        if (countText.isPresent() && !countText.get().isEmpty()) {
            try {
                count = Integer.parseInt(countText.get());
            } catch (NumberFormatException e) {
                throw ApiError.badRequest("failed to parse 'count' option: " + countText.get());
            }
            if (count < -1) {
                throw ApiError.badRequest(
                        "invalid 'count' option: only -1 and larger values allowed, not " + count);
            }
        }
        // Upstream compares the raw string: anything but exactly "true" is false.
        boolean recursive = first(query, "recursive").map("true"::equals).orElse(false);
        Optional<Duration> maxAge = Optional.empty();
        Optional<String> maxAgeText = first(query, "max_age");
        if (maxAgeText.isPresent() && !maxAgeText.get().isEmpty()) {
            Duration d;
            try {
                d = GoDuration.parse(maxAgeText.get());
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest("failed to parse 'max_age' option: " + e.getMessage());
            }
            if (d.isNegative()) {
                throw ApiError.badRequest("invalid 'max_age' option: must not be negative, not " + maxAgeText.get());
            }
            maxAge = Optional.of(d);
        }
        return new RequestOptions(type, count, recursive, maxAge);
    }

    static Optional<String> first(Map<String, List<String>> query, String key) {
        List<String> values = query.get(key);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.get(0));
    }
}
