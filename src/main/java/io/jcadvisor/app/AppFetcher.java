package io.jcadvisor.app;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/** Fetches one application-metrics page; a seam so tests can serve bodies without a network. */
public interface AppFetcher extends AutoCloseable {

    /** Largest body read; a longer answer fails the scrape rather than filling the heap. */
    int MAX_BODY_BYTES = 4 * 1024 * 1024;

    /**
     * The body of a 200 answer to {@code GET uri} (UTF-8); fails on any other status, a body over
     * {@link #MAX_BODY_BYTES}, or no complete answer within {@code timeout}. Never blocks the caller.
     */
    CompletionStage<String> get(URI uri, Duration timeout);

    @Override
    default void close() {
    }
}
