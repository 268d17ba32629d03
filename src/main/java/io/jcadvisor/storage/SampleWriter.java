package io.jcadvisor.storage;

import java.io.IOException;
import java.util.List;

/**
 * The blocking half of a driver: writes one batch of samples to its peer. Only the driver's own
 * thread calls it (see {@link QueuedDriver}), one batch at a time.
 */
interface SampleWriter extends AutoCloseable {

    /**
     * Writes the batch, oldest sample first.
     *
     * @throws IOException       the peer is unreachable or failed; the batch is kept and retried after a backoff
     * @throws RejectedException the peer answered and refused the data; retrying would not help, so it is dropped
     */
    void write(List<Sample> batch) throws IOException, RejectedException;

    /** Drops the connection; the next {@link #write} opens a new one. */
    @Override
    default void close() {
    }

    /** The peer refused a batch (a bad request, an unknown database, a wrong key type). */
    final class RejectedException extends Exception {
        RejectedException(String message) {
            super(message);
        }
    }
}
