package io.jcadvisor.host;

import java.io.IOException;
import java.nio.file.Path;

/**
 * One host file resolved under the host root once, for a caller that reads the same file every
 * housekeeping tick (a cgroup's {@code cpuacct.usage}, {@code memory.stat}). Opaque: the real path
 * stays in {@code host}. Equal when the host paths are equal, so it can key a map.
 */
public final class HostFile {

    private final HostFs fs;
    private final String hostPath;
    private final Path path;

    HostFile(HostFs fs, String hostPath, Path path) {
        this.fs = fs;
        this.hostPath = hostPath;
        this.path = path;
    }

    /**
     * The whole file as text (ISO-8859-1: kernel files are ASCII).
     *
     * @throws IOException saying why it failed; {@link java.nio.file.NoSuchFileException} for a missing file
     */
    public String read() throws IOException {
        return fs.read(path);
    }

    /** The host path ({@code /sys/fs/cgroup/memory/docker/memory.stat}). */
    public String hostPath() {
        return hostPath;
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
