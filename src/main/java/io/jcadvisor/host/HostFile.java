package io.jcadvisor.host;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One host file resolved under the host root once, for a caller that reads the same file every
 * housekeeping tick (a cgroup's {@code cpuacct.usage}, {@code memory.stat}). Opaque: the real path
 * stays in {@code host}. Equal when the host paths are equal, so it can key a map.
 *
 * <p>A file made by {@link HostFs#keptFile} stays open between reads, each read taking the text again
 * from offset 0 (kernel pseudo files generate their text on every read at offset 0), which saves the
 * open and close, and their path walk, of every sample. At most {@link HostFs#maxOpenFiles()} files
 * are held open at once; beyond that, and after {@link #close()}, a read opens, reads and closes as a
 * file made by {@link HostFs#file} always does.
 */
public final class HostFile implements AutoCloseable {

    private final HostFs fs;
    private final String hostPath;
    private final Path path;
    private final boolean keep;
    /** Guarded by this; read without the lock on the fast path. */
    private volatile FileChannel channel;
    private volatile boolean closed;

    HostFile(HostFs fs, String hostPath, Path path, boolean keep) {
        this.fs = fs;
        this.hostPath = hostPath;
        this.path = path;
        this.keep = keep;
    }

    /**
     * The whole file as text (ISO-8859-1: kernel files are ASCII).
     *
     * @throws IOException saying why it failed; {@link java.nio.file.NoSuchFileException} for a missing file
     */
    public String read() throws IOException {
        return keep ? fs.readKept(this) : fs.read(path);
    }

    /** Whether the file is there now: a stat ({@code access}), which costs no exception when it is not. */
    public boolean exists() {
        return Files.exists(path);
    }

    /** The host path ({@code /sys/fs/cgroup/memory/docker/memory.stat}). */
    public String hostPath() {
        return hostPath;
    }

    /** Whether a channel is held open now (for tests and the open-file count). */
    public boolean isOpen() {
        return channel != null;
    }

    /** Closes the channel held open, if any; later reads open and close the file each time. Idempotent. */
    @Override
    public void close() {
        FileChannel held;
        synchronized (this) {
            closed = true;
            held = channel;
            channel = null;
        }
        if (held != null) {
            fs.release(held);
        }
    }

    Path path() {
        return path;
    }

    FileChannel channel() {
        return channel;
    }

    /** Holds {@code opened} unless closed meanwhile or another thread was first; false: caller releases it. */
    synchronized boolean adopt(FileChannel opened) {
        if (closed || channel != null) {
            return false;
        }
        channel = opened;
        return true;
    }

    boolean mayKeep() {
        return !closed;
    }

    /** Forgets {@code failed} (a read on it failed); true when it was the held channel, which the caller releases. */
    synchronized boolean drop(FileChannel failed) {
        if (channel != failed) {
            return false;
        }
        channel = null;
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HostFile other && other.path.equals(path);
    }

    @Override
    public int hashCode() {
        return path.hashCode();
    }

    @Override
    public String toString() {
        return hostPath;
    }
}
