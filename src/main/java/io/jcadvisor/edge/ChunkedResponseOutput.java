package io.jcadvisor.edge;

import io.netty.buffer.ByteBuf;
import io.quarkus.logging.Log;
import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;

/**
 * A large answer written from a worker thread straight into Vert.x, in the {@link DirectChunkPool}'s
 * direct buffers that go to the socket as they are (no copy into another buffer) and back to the pool
 * once written. An answer that fits in one buffer goes out whole with its {@code Content-Length}; a
 * longer one goes out chunked.
 *
 * <p>Backpressure: after each chunk the writer waits while {@link #IN_FLIGHT} chunks are not yet written
 * to the socket, or the connection's write queue is full, so an answer holds at most
 * {@code IN_FLIGHT + 1} buffers however fast it is built and however slowly it is read. (Vert.x's
 * write queue alone does not bound it: writes from a worker wait as tasks of the event loop, which it
 * does not count.) Once the client is gone every write, flush and close fails with an {@link IOException}
 * ({@link #CLIENT_GONE}, logged as a client abort, {@link ClientAborts}), so the rest of a large answer is
 * not built for no one: Vert.x keeps taking writes on a closed response.
 *
 * <p>One writer thread; {@link #close()} ends the response, {@link #abandon()} gives back what was not
 * sent when the answer cannot be finished.
 */
public final class ChunkedResponseOutput extends OutputStream {

    /** The message of the exception thrown once the client is gone. */
    public static final String CLIENT_GONE = "client closed the connection before the answer was written";

    /** Chunks handed to Vert.x and not yet written to the socket, at most, before the writer waits. */
    static final int IN_FLIGHT = 2;

    /** How often a writer waiting for the write queue looks again, should a drain signal be missed. */
    private static final long DRAIN_RECHECK_MILLIS = 100;

    private final HttpServerResponse response;
    private final DirectChunkPool pool;
    private final Object drained = new Object();
    /** Chunks handed to Vert.x whose write has not completed; guarded by {@link #drained}. */
    private int inFlight;
    private ByteBuf current;
    private boolean started;
    private boolean finished;

    public ChunkedResponseOutput(HttpServerResponse response, DirectChunkPool pool) {
        this.response = response;
        this.pool = pool;
        response.drainHandler(v -> signal());
    }

    /** Whether a chunk (and so the status line and headers) has gone out. */
    public boolean started() {
        return started;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (finished) {
            throw new IOException("the answer is already finished");
        }
        checkClient();
        while (length > 0) {
            if (current == null) {
                current = pool.acquire();
            }
            int n = Math.min(length, current.writableBytes());
            current.writeBytes(bytes, offset, n);
            offset += n;
            length -= n;
            if (!current.isWritable()) {
                sendChunk();
            }
        }
    }

    /** Sends nothing (chunks go out as they fill); fails once the client is gone. */
    @Override
    public void flush() throws IOException {
        checkClient();
    }

    /** Ends the response with what is left: whole with its length if nothing went out yet, else as the last chunk. */
    @Override
    public void close() throws IOException {
        if (finished) {
            return;
        }
        checkClient();
        finished = true;
        ByteBuf last = current;
        current = null;
        if (last == null) {
            end(response::end);
            return;
        }
        // Vert.x sets Content-Length itself when a response that has not started ends with one buffer.
        send(last, (buffer, done) -> response.end(buffer, done));
    }

    /**
     * Ends an answer that could not be finished, from its writer: gives back what was not sent, logs the
     * failure (a client's abort as such, {@link ClientAborts}, which the log filter turns into one line a
     * minute), and answers 500 with {@code message} when nothing has gone out yet, or else cuts the
     * connection, so the client sees a broken answer rather than a short one.
     *
     * @param request what was asked, for the log ({@code GET /metrics})
     */
    public void fail(Exception e, String request, String message) {
        abandon();
        String abort = ClientAborts.kind(e, e.getMessage());
        Log.error(request + (abort != null ? ": " + abort : " failed"), e);
        if (!started && !response.closed()) {
            PlainText.answer(response, 500, message);
        } else if (!response.closed()) {
            response.reset();
        }
    }

    /** Gives back the buffer not yet sent, when the answer cannot be finished; the response is left as it is. */
    public void abandon() {
        finished = true;
        if (current != null) {
            pool.release(current);
            current = null;
        }
    }

    private void sendChunk() throws IOException {
        ByteBuf chunk = current;
        current = null;
        if (!started) {
            response.setChunked(true);
            started = true;
        }
        send(chunk, (buffer, done) -> response.write(buffer, done));
        awaitWritable();
    }

    /** Hands a filled buffer to Vert.x; it goes back to the pool when the write completes, or at once if refused. */
    private void send(ByteBuf chunk, Write write) throws IOException {
        synchronized (drained) {
            inFlight++;
        }
        try {
            write.write(Buffer.buffer(chunk), written -> {
                pool.release(chunk);
                synchronized (drained) {
                    inFlight--;
                    drained.notifyAll();
                }
            });
        } catch (RuntimeException e) {
            // refused before it was queued (the response was closed or ended): no completion will come
            pool.release(chunk);
            synchronized (drained) {
                inFlight--;
            }
            throw gone(e);
        }
    }

    private void signal() {
        synchronized (drained) {
            drained.notifyAll();
        }
    }

    private void end(Runnable end) throws IOException {
        try {
            end.run();
        } catch (RuntimeException e) {
            throw gone(e);
        }
    }

    private void awaitWritable() throws IOException {
        synchronized (drained) {
            while (true) {
                checkClient();
                if (inFlight < IN_FLIGHT && !queueFull()) {
                    return;
                }
                try {
                    drained.wait(DRAIN_RECHECK_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while the client read the answer");
                }
            }
        }
    }

    private void checkClient() throws IOException {
        if (response.closed()) {
            throw new IOException(CLIENT_GONE);
        }
    }

    private boolean queueFull() throws IOException {
        try {
            return response.writeQueueFull();
        } catch (RuntimeException e) {
            throw gone(e);
        }
    }

    private static IOException gone(RuntimeException e) {
        return new IOException(CLIENT_GONE, e);
    }

    @FunctionalInterface
    private interface Write {
        void write(Buffer buffer, Handler<AsyncResult<Void>> done);
    }
}
