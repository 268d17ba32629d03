package io.jcadvisor.api;

import io.jcadvisor.events.EventRequest;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The query of the {@code events} endpoint (upstream {@code getEventRequest}).
 *
 * <p>Booleans follow Go's {@code strconv.ParseBool} ({@code 1 t T TRUE true True 0 f F FALSE false
 * False}), {@code max_events} is an integer, times are RFC 3339. Upstream silently ignores a value it
 * cannot parse (so {@code start_time=<unix seconds>} quietly returns everything); we answer 400
 * naming the parameter instead, so such a mistake is seen.
 *
 * @param stream  keep the connection open and send events as they happen (NDJSON)
 * @param request the store query
 */
public record EventsQuery(boolean stream, EventRequest request) {

    public static final String OOM = "oom";
    public static final String OOM_KILL = "oomKill";
    public static final String CREATION = "containerCreation";
    public static final String DELETION = "containerDeletion";

    /** Upstream's default of {@code max_events}. */
    public static final int DEFAULT_MAX_EVENTS = 10;

    /**
     * @param containerName the container the path names ({@code /} when none)
     * @throws ApiError 400 for an unparsable value, or start/end times together with a stream
     */
    public static EventsQuery parse(String containerName, Map<String, List<String>> query) {
        boolean stream = bool(query, "stream");
        boolean subcontainers = bool(query, "subcontainers");
        Set<String> types = new LinkedHashSet<>();
        if (bool(query, "all_events")) {
            types.addAll(List.of(OOM, OOM_KILL, CREATION, DELETION));
        } else {
            if (bool(query, "oom_events")) {
                types.add(OOM);
            }
            if (bool(query, "oom_kill_events")) {
                types.add(OOM_KILL);
            }
            if (bool(query, "creation_events")) {
                types.add(CREATION);
            }
            if (bool(query, "deletion_events")) {
                types.add(DELETION);
            }
        }
        int maxEvents = DEFAULT_MAX_EVENTS;
        Optional<String> max = RequestOptions.first(query, "max_events");
        if (max.isPresent()) {
            try {
                maxEvents = Integer.parseInt(max.get());
            } catch (NumberFormatException e) {
                throw ApiError.badRequest("invalid 'max_events' option: not an integer: \"" + max.get() + "\"");
            }
        }
        Instant start = time(query, "start_time");
        Instant end = time(query, "end_time");
        if (stream && (start != null || end != null)) {
            throw ApiError.badRequest("for a call to watch, request.StartTime and request.EndTime must be uninitialized");
        }
        return new EventsQuery(stream, new EventRequest(containerName, subcontainers, Set.copyOf(types), start, end,
                maxEvents));
    }

    /** Go's {@code strconv.ParseBool}; an absent parameter is false. */
    static boolean bool(Map<String, List<String>> query, String key) {
        Optional<String> value = RequestOptions.first(query, key);
        if (value.isEmpty()) {
            return false;
        }
        return switch (value.get()) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw ApiError.badRequest("invalid '" + key + "' option: \"" + value.get()
                    + "\" is not a boolean (1, t, T, TRUE, true, True, 0, f, F, FALSE, false, False)");
        };
    }

    private static Instant time(Map<String, List<String>> query, String key) {
        Optional<String> value = RequestOptions.first(query, key);
        if (value.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.get(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiError.badRequest("invalid '" + key + "' option: not an RFC 3339 time: \"" + value.get() + "\"");
        }
    }
}
