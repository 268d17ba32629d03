package io.jcadvisor.host;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;

/**
 * A blocking stream of records from a record-oriented kernel device such as {@code /dev/kmsg}, opened
 * with {@link HostFs#openRecordStream}. On the device each {@code read(2)} returns exactly one record
 * (a {@code prefix;message} line, possibly followed by continuation lines that start with a space);
 * a plain file (a fixture) gives one line per record instead.
 *
 * <p>When readers fall behind and the kernel ring buffer overwrote records not yet read, the next
 * {@code read(2)} fails with {@code EPIPE} ("Broken pipe") once and then continues with the oldest
 * record still there: that failure is skipped here and counted in {@link #overruns()}.
 *
 * <p>{@link #close()} from another thread ends a blocked {@link #next()}, which then returns null.
 */
public final class RecordStream implements Closeable {

    /**
     * Larger than any kmsg record: the kernel caps the text at about 1 KiB plus its dictionary, and a
     * read with a smaller buffer fails with {@code EINVAL} instead of truncating.
     */
    static final int RECORD_BYTES = 8192;

    private final ReadableByteChannel channel;
    private final BufferedReader lines;
    private final ByteBuffer buffer;
    private volatile boolean closed;
    private long overruns;

    /** Record mode: one {@code read} per record. */
    RecordStream(ReadableByteChannel channel) {
        this.channel = channel;
        this.lines = null;
        this.buffer = ByteBuffer.allocate(RECORD_BYTES);
    }

    /** Line mode, for plain files. */
    RecordStream(BufferedReader lines) {
        this.channel = null;
        this.lines = lines;
        this.buffer = null;
    }

    /**
     * The next record as text (ISO-8859-1: the kernel escapes non-ASCII bytes as {@code \xNN}), blocking
     * until one is there.
     *
     * @return the record, or null at the end of a plain file or once the stream is closed
     * @throws IOException any read failure other than an overrun
     */
    public String next() throws IOException {
        if (lines != null) {
            return closed ? null : lines.readLine();
        }
        while (!closed) {
            buffer.clear();
            int n;
            try {
                n = channel.read(buffer);
            } catch (AsynchronousCloseException e) {
                // closed by another thread (or this one interrupted) while blocked in read
                return null;
            } catch (IOException e) {
                if (isOverrun(e)) {
                    overruns++;
                    continue;
                }
                if (closed) {
                    return null;
                }
                throw e;
            }
            if (n < 0) {
                return null;
            }
            if (n > 0) {
                return new String(buffer.array(), 0, n, StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    /** Records lost to ring buffer overruns so far (each {@code EPIPE} counts once). */
    public long overruns() {
        return overruns;
    }

    /** Ends the stream; a thread blocked in {@link #next()} returns null. Idempotent. */
    @Override
    public void close() throws IOException {
        closed = true;
        if (channel != null) {
            channel.close();
        } else {
            lines.close();
        }
    }

    /** {@code EPIPE} as the JDK reports it: the strerror text, there is no errno in Java. */
    static boolean isOverrun(IOException e) {
        String message = e.getMessage();
        return message != null && message.contains("Broken pipe");
    }
}
