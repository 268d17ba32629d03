package io.jcadvisor.storage;

/**
 * An export of samples besides the in-memory cache (upstream {@code storage.StorageDriver}, chosen
 * with {@code -storage_driver}). The manager calls {@link #add} on its housekeeping thread right after
 * the sample went into the cache ({@code docs/data-sources.md} §10), so the call must never block on the
 * peer and never throw: a driver queues the sample and writes from its own thread.
 */
public interface StorageDriver extends AutoCloseable {

    /** A driver that drops everything: what the manager holds when no driver is configured. */
    StorageDriver NONE = new StorageDriver() {
        @Override
        public String name() {
            return "none";
        }

        @Override
        public void add(Sample sample) {
        }
    };

    /** The {@code -storage_driver} word: {@code stdout}, {@code statsd}, {@code redis}, {@code influxdb}. */
    String name();

    /** Takes one sample; returns at once. A sample that cannot be queued is dropped and counted. */
    void add(Sample sample);

    /** Stops the writer; what is still queued gets one last write attempt. */
    @Override
    default void close() {
    }
}
