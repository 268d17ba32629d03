package io.jcadvisor.metrics;

import java.time.Duration;

/**
 * Query parameters of one {@code /metrics} request (upstream head parses them like the v2 API).
 *
 * @param namespace only containers of this runtime namespace ({@code docker}, {@code podman}); null = all
 * @param maxAge    refresh containers whose newest sample is older than this before answering; null = never
 */
public record ScrapeOptions(String namespace, Duration maxAge) {

    public static final ScrapeOptions ALL = new ScrapeOptions(null, null);
}
