package io.jcadvisor.metrics;

import io.vertx.core.buffer.Buffer;

import java.io.OutputStream;

/**
 * A {@code /metrics} answer built whole before it is sent, into one Vert.x buffer that ends the response in
 * a single write. The answer used to go out through the REST layer's output stream in 64 KiB HTTP chunks,
 * each one a hop from the worker thread to the event loop with its encoding, promise and flush
 * (bench/README.md, "/metrics of a young agent"). The buffer starts at the size of the last answer plus an
 * eighth, so it is rarely grown. Its memory is held while a heavy request's slot is
 * ({@code HeavyRequestLimit}). Not thread-safe.
 */
final class ScrapeBody extends OutputStream {

    /** The size of the last answer taken, bytes: the next one starts at that plus an eighth. */
    private static volatile int lastSize = 64 * 1024;

    private final Buffer buffer = Buffer.buffer(lastSize + lastSize / 8);

    @Override
    public void write(int b) {
        buffer.appendByte((byte) b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        buffer.appendBytes(b, off, len);
    }

    /** The bytes written, as one buffer. */
    Buffer take() {
        lastSize = buffer.length();
        return buffer;
    }
}
