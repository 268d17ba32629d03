package io.jcadvisor.events;

import java.time.Instant;
import java.util.Set;

/**
 * A query of the event store (upstream {@code events.Request}).
 *
 * @param containerName     container the events belong to
 * @param includeSubcontainers also events of descendants ({@code /} with true: everything)
 * @param types             event types ({@code oom}, {@code oomKill}, {@code containerCreation},
 *                          {@code containerDeletion}); empty selects nothing
 * @param start             inclusive lower bound, or null
 * @param end               inclusive upper bound, or null
 * @param maxEvents         newest N; {@code <= 0} = unlimited
 */
public record EventRequest(String containerName, boolean includeSubcontainers, Set<String> types, Instant start,
        Instant end, int maxEvents) {
}
