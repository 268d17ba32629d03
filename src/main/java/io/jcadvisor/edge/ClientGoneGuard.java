package io.jcadvisor.edge;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.BooleanSupplier;

/**
 * An answer's output stream that stops at the first write after the client went away, instead of
 * building the rest of a large answer (a whole {@code /metrics} exposition) into network buffers no one
 * will read: Vert.x keeps taking writes on a closed response, and under a burst of aborted scrapes
 * those buffers exhausted the direct memory. The {@link IOException} it throws is logged as a client
 * abort ({@link ClientAborts}).
 */
public final class ClientGoneGuard extends FilterOutputStream {

    /** The message of the exception thrown once the client is gone. */
    public static final String MESSAGE = "client closed the connection before the answer was written";

    private final BooleanSupplier gone;

    /** @param gone whether the client has gone away (the response or its connection is closed) */
    public ClientGoneGuard(OutputStream out, BooleanSupplier gone) {
        super(out);
        this.gone = gone;
    }

    @Override
    public void write(int b) throws IOException {
        check();
        out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        check();
        out.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
        check();
        out.flush();
    }

    private void check() throws IOException {
        if (gone.getAsBoolean()) {
            throw new IOException(MESSAGE);
        }
    }
}
