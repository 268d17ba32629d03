package io.jcadvisor.host;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The only code that touches the host's filesystem. Callers name host paths ({@code /proc/meminfo},
 * {@code /sys/fs/cgroup/memory/docker}); this resolves them under the configured host root, so a
 * test can point the agent at a fixture tree and the DaemonSet at {@code /rootfs}.
 *
 * <p>Reads never throw for a missing or unreadable file: the value is absent. Host paths that try
 * to leave the root ({@code ..}) are refused, so nothing outside the root is ever read.
 */
public final class HostFs {

    /** Kernel pseudo files are small; a larger one is read in more rounds. */
    private static final int BUFFER_BYTES = 64 * 1024;

    private static final ThreadLocal<ByteBuffer> BUFFER =
            ThreadLocal.withInitial(() -> ByteBuffer.allocate(BUFFER_BYTES));

    private final Path root;

    public HostFs(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The host root this instance reads under. */
    public Path root() {
        return root;
    }

    /**
     * The real path of a host path.
     *
     * @throws IllegalArgumentException when the path is relative or leaves the root
     */
    public Path resolve(String hostPath) {
        if (hostPath.isEmpty() || hostPath.charAt(0) != '/' || hostPath.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("not an absolute host path: " + hostPath);
        }
        Path resolved = root.resolve(hostPath.substring(1)).normalize();
        if (!resolved.startsWith(root)) {
            throw new IllegalArgumentException("host path leaves the host root: " + hostPath);
        }
        return resolved;
    }

    /** Whole file as text (ISO-8859-1: kernel files are ASCII), or empty when missing or unreadable. */
    public Optional<String> readString(String hostPath) {
        try {
            return Optional.of(readOrThrow(hostPath));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Whole file as text; unlike {@link #readString} says why it failed, so a caller can tell a
     * missing file ({@link NoSuchFileException}) from another fault.
     */
    public String readOrThrow(String hostPath) throws IOException {
        return readOrThrow(resolve(hostPath));
    }

    /**
     * Like {@link #readOrThrow(String)} for a path already obtained from {@link #resolve}, so a
     * caller that reads the same files every second resolves them once.
     */
    public String readOrThrow(Path path) throws IOException {
        if (!path.startsWith(root)) {
            throw new IllegalArgumentException("path outside the host root: " + path);
        }
        ByteBuffer buffer = BUFFER.get();
        buffer.clear();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            StringBuilder spill = null;
            while (true) {
                int n = channel.read(buffer);
                if (n < 0) {
                    break;
                }
                if (!buffer.hasRemaining()) {
                    if (spill == null) {
                        spill = new StringBuilder(BUFFER_BYTES * 2);
                    }
                    spill.append(new String(buffer.array(), 0, buffer.position(), StandardCharsets.ISO_8859_1));
                    buffer.clear();
                }
            }
            String tail = new String(buffer.array(), 0, buffer.position(), StandardCharsets.ISO_8859_1);
            return spill == null ? tail : spill.append(tail).toString();
        }
    }

    /**
     * A small regular file that a container controls (e.g. an application-metrics config under
     * {@code /proc/<pid>/root}), as UTF-8. Refuses what is not a regular file after symlinks (a FIFO
     * would block, {@code /dev/zero} never ends) and reads at most {@code maxBytes}.
     *
     * @return empty when the file is missing or not a regular file
     * @throws IOException when it is larger than {@code maxBytes} or unreadable
     */
    public Optional<String> readSmallRegularFile(String hostPath, int maxBytes) throws IOException {
        Path path = resolve(hostPath);
        if (!Files.isRegularFile(path)) {
            return Optional.empty();
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(maxBytes + 1);
            int n;
            do {
                n = channel.read(buffer);
            } while (n >= 0 && buffer.hasRemaining());
            if (buffer.position() > maxBytes) {
                throw new IOException(hostPath + " is larger than " + maxBytes + " bytes");
            }
            return Optional.of(new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** The file's lines, or an empty list when it is missing or unreadable. */
    public List<String> readLines(String hostPath) {
        return readString(hostPath).map(HostFs::lines).orElse(List.of());
    }

    /** Splits text into lines without a trailing empty line. */
    public static List<String> lines(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        int start = 0;
        int length = text.length();
        while (start < length) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = length;
            }
            lines.add(text.substring(start, end));
            start = end + 1;
        }
        return lines;
    }

    /**
     * Opens a record-oriented kernel device for blocking reads, one record per {@link RecordStream#next()}
     * ({@code /dev/kmsg}: read from the oldest record still in the ring buffer, no seek). A plain file at
     * that path (a fixture tree) is read line by line and ends at its end.
     *
     * @throws IOException when the path cannot be opened (missing, no permission, {@code dmesg_restrict})
     */
    public RecordStream openRecordStream(String hostPath) throws IOException {
        Path path = resolve(hostPath);
        if (Files.isRegularFile(path)) {
            return new RecordStream(Files.newBufferedReader(path, StandardCharsets.ISO_8859_1));
        }
        return new RecordStream(FileChannel.open(path, StandardOpenOption.READ));
    }

    public boolean exists(String hostPath) {
        return Files.exists(resolve(hostPath));
    }

    public boolean isDirectory(String hostPath) {
        return Files.isDirectory(resolve(hostPath));
    }

    /** Names of the entries of a directory, sorted; empty when it is missing or unreadable. */
    public List<String> list(String hostDir) {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(resolve(hostDir))) {
            for (Path entry : entries) {
                names.add(entry.getFileName().toString());
            }
        } catch (IOException e) {
            return List.of();
        }
        Collections.sort(names);
        return names;
    }

    /** Names of the sub-directories of a directory (not following links), sorted. */
    public List<String> listDirectories(String hostDir) {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(resolve(hostDir),
                p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))) {
            for (Path entry : entries) {
                names.add(entry.getFileName().toString());
            }
        } catch (IOException e) {
            return List.of();
        }
        Collections.sort(names);
        return names;
    }

    /**
     * {@link #listDirectories}, skipping the listing when the directory's link count says it has no
     * sub-directory. Filesystems that count sub-directories in a directory's links (kernfs, so every
     * cgroup v1 and v2 hierarchy; also ext4, xfs, tmpfs) give such a directory exactly 2 links; the
     * listing would cost one {@code stat} per entry (a cgroup has 10 to 30 control files) for nothing.
     * Any other count (btrfs gives 1) lists as usual.
     */
    public List<String> listDirectoriesUnlessLeaf(String hostDir) {
        try {
            Object links = Files.getAttribute(resolve(hostDir), "unix:nlink", LinkOption.NOFOLLOW_LINKS);
            if (links instanceof Integer n && n == 2) {
                return List.of();
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // no link count here: listed as usual (a missing directory lists as empty there)
        }
        return listDirectories(hostDir);
    }

    /** Number of entries of a directory (e.g. {@code /proc/<pid>/fd}), or -1 when unreadable. */
    public int countEntries(String hostDir) {
        int count = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(resolve(hostDir))) {
            for (Path ignored : entries) {
                count++;
            }
        } catch (IOException e) {
            return -1;
        }
        return count;
    }

    /** Target of a symbolic link, or empty. */
    public Optional<String> readLink(String hostPath) {
        try {
            return Optional.of(Files.readSymbolicLink(resolve(hostPath)).toString());
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /** Last modification time, or empty when the path is missing. */
    public Optional<Instant> lastModified(String hostPath) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(resolve(hostPath), BasicFileAttributes.class);
            return Optional.of(attributes.lastModifiedTime().toInstant());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    // --- writes: only the few kernel interfaces that take them (resctrl monitoring groups) ---------

    /**
     * Makes one directory (not its parents), as {@code mkdir(2)} does in a kernel pseudo-filesystem
     * such as {@code /sys/fs/resctrl/mon_groups}, where it creates a group with its files.
     *
     * @throws java.nio.file.FileAlreadyExistsException when it exists
     * @throws IOException for the kernel's refusal (e.g. {@code ENOSPC}: no RMID left) or a missing parent
     */
    public void createDirectory(String hostPath) throws IOException {
        Files.createDirectory(resolve(hostPath));
    }

    /**
     * Removes a directory made with {@link #createDirectory}. In a kernel pseudo-filesystem one
     * {@code rmdir(2)} removes the group with its files; on a plain filesystem (a test's host root)
     * the files the directory holds are removed first. Only paths under {@code /sys/fs/} are taken:
     * the agent never removes anything from a real filesystem of the host.
     *
     * @return false when it did not exist
     * @throws IOException when it could not be removed
     * @throws IllegalArgumentException for a path outside {@code /sys/fs/}
     */
    public boolean removeDirectory(String hostPath) throws IOException {
        if (!hostPath.startsWith("/sys/fs/") || hostPath.contains("/../") || hostPath.endsWith("/..")) {
            throw new IllegalArgumentException("refusing to remove " + hostPath + ": not under /sys/fs/");
        }
        Path dir = resolve(hostPath);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try {
            Files.delete(dir);
        } catch (java.nio.file.DirectoryNotEmptyException e) {
            // Only a plain filesystem says this: the kernel's rmdir takes the group's files with it.
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Collections.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (NoSuchFileException e) {
            return false;
        }
        return true;
    }

    /**
     * Writes one line ({@code text} plus {@code \n}) in one {@code write(2)}, appending, as the kernel's
     * {@code tasks} files want: each write moves one task. A plain file (a test's host root) is
     * created when missing and collects the lines, so a test can read back what was written.
     *
     * @throws IOException the kernel's refusal, e.g. {@code ESRCH} for a task that has exited
     */
    public void appendLine(String hostPath, String text) throws IOException {
        byte[] bytes = (text + "\n").getBytes(StandardCharsets.ISO_8859_1);
        try (FileChannel channel = FileChannel.open(resolve(hostPath), StandardOpenOption.WRITE,
                StandardOpenOption.APPEND, StandardOpenOption.CREATE)) {
            channel.write(ByteBuffer.wrap(bytes));
        }
    }

    /**
     * The agent's own filesystem (root {@code /}), for files about the agent process itself, such as
     * {@code /proc/self/stat} for its own {@code process_*} metrics: these describe the agent as its
     * kernel shows it to the agent, so the host root ({@code /rootfs} in the DaemonSet) does not apply.
     */
    public static HostFs agent() {
        return AGENT;
    }

    private static final HostFs AGENT = new HostFs(Path.of("/"));

    /**
     * A file of the agent's own (a config file named by an option, e.g. the perf events JSON), read
     * as UTF-8 from the agent's filesystem: not a host path, so the host root does not apply.
     *
     * @throws IOException naming the file when it is missing or unreadable
     */
    public static String readAgentFile(String path) throws IOException {
        return Files.readString(Path.of(path), StandardCharsets.UTF_8);
    }

    /**
     * What tells whether an agent file (see {@link #readAgentFile}) changed: its modification time, size
     * and file key (device and inode, so a Kubernetes secret's symlink swap counts too). Equal values
     * mean unchanged.
     *
     * @throws IOException naming the file when it is missing or unreadable
     */
    public static Object agentFileVersion(String path) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(Path.of(path), BasicFileAttributes.class);
        return List.of(attributes.lastModifiedTime(), attributes.size(), String.valueOf(attributes.fileKey()));
    }

    @Override
    public String toString() {
        return "HostFs[" + root + "]";
    }
}
