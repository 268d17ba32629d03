package io.jcadvisor.host;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

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

    /** {@link #keptFile}s held open at once when a caller gives no bound. */
    public static final int DEFAULT_MAX_OPEN_FILES = 4096;

    private final Path root;
    private final int maxOpenFiles;
    private final AtomicInteger openFiles = new AtomicInteger();
    /** Whether {@code /proc} under the root is procfs; null until first asked ({@link #countOpenFds}). */
    private volatile Boolean procfs;

    /** Reads under {@code root}; a test gives a fixture tree. */
    public HostFs(Path root) {
        this(root, DEFAULT_MAX_OPEN_FILES);
    }

    /**
     * @param maxOpenFiles how many {@link #keptFile}s may be held open at once (0: none, every read opens
     *                     and closes its file)
     */
    public HostFs(Path root, int maxOpenFiles) {
        if (maxOpenFiles < 0) {
            throw new IllegalArgumentException("maxOpenFiles must not be negative: " + maxOpenFiles);
        }
        this.root = root.toAbsolutePath().normalize();
        this.maxOpenFiles = maxOpenFiles;
    }

    /**
     * Reads under the directory {@code root} of the agent's filesystem ({@code cadvisor.host.root}).
     *
     * @throws IllegalArgumentException when it is not a directory
     */
    public static HostFs atRoot(String root) {
        return atRoot(root, DEFAULT_MAX_OPEN_FILES);
    }

    /**
     * {@link #atRoot(String)} holding at most {@code maxOpenFiles} {@link #keptFile}s open.
     *
     * @throws IllegalArgumentException when it is not a directory
     */
    public static HostFs atRoot(String root, int maxOpenFiles) {
        Path path = Path.of(root);
        if (!Files.isDirectory(path)) {
            throw new IllegalArgumentException(root + " is not a directory");
        }
        return new HostFs(path, maxOpenFiles);
    }

    /** The most {@link #keptFile}s held open at once. */
    public int maxOpenFiles() {
        return maxOpenFiles;
    }

    /** {@link #keptFile}s held open now. */
    public int openFiles() {
        return openFiles.get();
    }

    /** The host root this instance reads under, as the agent sees it ({@code /rootfs}). */
    public String root() {
        return root.toString();
    }

    Path rootPath() {
        return root;
    }

    /**
     * A host path as the agent's own filesystem names it ({@code /rootfs/proc/1/mountinfo}), for a
     * message or another program's arguments ({@code stat -f}); never to open it past this seam.
     *
     * @throws IllegalArgumentException when the path is relative or leaves the root
     */
    public String pathOnAgent(String hostPath) {
        return resolve(hostPath).toString();
    }

    /**
     * A host file resolved once, for one read per housekeeping tick.
     *
     * @throws IllegalArgumentException when the path is relative or leaves the root
     */
    public HostFile file(String hostPath) {
        return new HostFile(this, hostPath, resolve(hostPath), false);
    }

    /**
     * A host file resolved once and held open between reads while fewer than {@link #maxOpenFiles()} are,
     * for a file read every housekeeping tick; its owner {@linkplain HostFile#close() closes} it when
     * done (a removed container). Only for a file whose text one read hands over whole when the buffer is
     * large enough, as the kernel does for a cgroup interface file other than {@code cgroup.procs},
     * {@code cgroup.threads} and {@code tasks}: a held file is read once per sample, without a read to see its
     * end ({@link #readFrom}).
     *
     * @throws IllegalArgumentException when the path is relative or leaves the root
     */
    public HostFile keptFile(String hostPath) {
        return new HostFile(this, hostPath, resolve(hostPath), true);
    }

    /**
     * The real path of a host path.
     *
     * @throws IllegalArgumentException when the path is relative or leaves the root
     */
    Path resolve(String hostPath) {
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
        return read(resolve(hostPath));
    }

    /** Reads a resolved path: {@link #readOrThrow(String)} and {@link HostFile#read()}. */
    String read(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            return readAll(channel, false);
        }
    }

    /**
     * Reads a {@link #keptFile}: again from offset 0 of the channel it holds, or after opening one (kept
     * when the bound allows). A read on a held channel that fails (the cgroup was removed, and maybe made
     * again under the same name) drops the channel and tries once more on a fresh open, so the caller sees
     * what a plain open would say ({@link NoSuchFileException} for a missing file).
     */
    String readKept(HostFile file) throws IOException {
        FileChannel channel = file.channel();
        if (channel != null) {
            try {
                return readFrom(channel);
            } catch (IOException e) {
                letGo(file, channel);
                if (e instanceof ClosedChannelException) {
                    // closed under this read, by its owner (then it is no longer held) or by an interrupt of
                    // the reading thread (then it still is, and is let go here): read it once, open and close
                    return read(file.path());
                }
                // else a fresh open below says what a plain open would
            }
        }
        if (!file.mayKeep() || !reserve()) {
            return read(file.path());
        }
        FileChannel opened;
        try {
            opened = FileChannel.open(file.path(), StandardOpenOption.READ);
        } catch (IOException | RuntimeException e) {
            openFiles.decrementAndGet();
            throw e;
        }
        if (!file.adopt(opened)) {
            release(opened);
            return read(file.path());
        }
        try {
            return readFrom(opened);
        } catch (IOException e) {
            letGo(file, opened);
            if (e instanceof ClosedChannelException) {
                return read(file.path());
            }
            throw e;
        }
    }

    /** Stops holding {@code channel} for {@code file} after a failed read; released unless another drop did. */
    private void letGo(HostFile file, FileChannel channel) {
        if (file.drop(channel)) {
            release(channel);
        }
    }

    private boolean reserve() {
        while (true) {
            int n = openFiles.get();
            if (n >= maxOpenFiles) {
                return false;
            }
            if (openFiles.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Closes a channel a {@link HostFile} held and gives its place back. */
    void release(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing to do: the descriptor is released either way
        } finally {
            openFiles.decrementAndGet();
        }
    }

    /**
     * The whole text of an open file from offset 0, with positional reads (several threads may share it). A
     * read that leaves the buffer room has the whole file: a kept file is a cgroup interface file, whose text
     * the kernel makes by one show (kernfs' single-record seq_file, as {@code single_open}) and hands over
     * whole to a large enough read, so the second read that would only see the end is not made (half the
     * reads of every sample). The multi-record ones ({@code cgroup.procs}, {@code cgroup.threads}, which can
     * stop short of the end) are never kept; a text as long as the buffer goes on as {@link #read} does.
     */
    private static String readFrom(FileChannel channel) throws IOException {
        return readAll(channel, true);
    }

    /**
     * The rest of {@code channel} as text: with {@code positional}, from offset 0 by {@code pread} (the
     * channel's own position untouched), else by plain reads from where it stands (a fresh open).
     */
    private static String readAll(FileChannel channel, boolean positional) throws IOException {
        ByteBuffer buffer = BUFFER.get();
        buffer.clear();
        StringBuilder spill = null;
        long position = 0;
        while (true) {
            int n = positional ? channel.read(buffer, position) : channel.read(buffer);
            if (n < 0) {
                break;
            }
            position += n;
            if (positional && buffer.hasRemaining()) {
                // a kept cgroup file's whole text (readFrom); 0 bytes: an empty file
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

    /** A directory itself, not a symbolic link to one. */
    public boolean isDirectoryNotLink(String hostPath) {
        return Files.isDirectory(resolve(hostPath), LinkOption.NOFOLLOW_LINKS);
    }

    /** Names of the entries of a directory, sorted; empty when it is missing or unreadable. */
    public List<String> list(String hostDir) {
        return names(hostDir, p -> true);
    }

    /** Names of the sub-directories of a directory (not following links), sorted. */
    public List<String> listDirectories(String hostDir) {
        return names(hostDir, p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS));
    }

    /** Names of the entries {@code filter} takes, sorted; empty when the directory is missing or unreadable. */
    private List<String> names(String hostDir, DirectoryStream.Filter<Path> filter) {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(resolve(hostDir), filter)) {
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

    /**
     * Number of open descriptors in a procfs {@code fd} directory ({@code /proc/<pid>/fd}), or -1 when it
     * is unreadable. Linux 6.2 and later give the count as the directory's size, so one {@code stat}
     * replaces reading every entry: the agent keeps a few thousand cgroup files open, and listing them
     * cost a {@code /metrics} scrape more than the kernel work of every other family. A size of 0 (older
     * kernels) or a directory that is not on procfs (a fixture tree, whose size means something else) is
     * counted entry by entry ({@link #countEntries}).
     */
    public int countOpenFds(String hostFdDir) {
        Path dir = resolve(hostFdDir);
        if (hostFdDir.startsWith("/proc/") && procIsProcfs()) {
            try {
                long size = Files.readAttributes(dir, BasicFileAttributes.class).size();
                if (size > 0) {
                    return (int) Math.min(size, Integer.MAX_VALUE);
                }
            } catch (IOException e) {
                return -1;
            }
        }
        return countEntries(hostFdDir);
    }

    /** Whether {@code /proc} under the root is a procfs mount; looked up once (the JDK parses the mount table). */
    private boolean procIsProcfs() {
        Boolean known = procfs;
        if (known == null) {
            try {
                known = "proc".equals(Files.getFileStore(resolve("/proc")).type());
            } catch (IOException | RuntimeException e) {
                known = false; // not answerable: count entries, which is right everywhere
            }
            procfs = known;
        }
        return known;
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

    /**
     * {@code stat(2)} of a host path, following symbolic links.
     *
     * @throws java.nio.file.NoSuchFileException when it is missing
     * @throws IOException                       when it cannot be read
     */
    public FileAttributes stat(String hostPath) throws IOException {
        return attributes(resolve(hostPath));
    }

    /**
     * {@code lstat(2)}: {@link #stat} without following a symbolic link at the path itself.
     *
     * @return empty when the path is missing
     * @throws IOException when it cannot be read
     */
    public Optional<FileAttributes> lstatIfExists(String hostPath) throws IOException {
        try {
            return Optional.of(lstat(hostPath));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** {@code lstat(2)}: {@link #stat} without following a symbolic link at the path itself. */
    public FileAttributes lstat(String hostPath) throws IOException {
        return attributes(resolve(hostPath), LinkOption.NOFOLLOW_LINKS);
    }

    private static FileAttributes attributes(Path path, LinkOption... options) throws IOException {
        Map<String, Object> a = Files.readAttributes(path, "unix:mode,dev,rdev,ino,nlink,size,lastModifiedTime",
                options);
        return new FileAttributes(FileAttributes.kindOf((Integer) a.get("mode")), (Long) a.get("dev"),
                (Long) a.get("rdev"), (Long) a.get("ino"), (Integer) a.get("nlink"), (Long) a.get("size"),
                ((FileTime) a.get("lastModifiedTime")).toInstant());
    }

    /**
     * Walks the tree under a host directory without following links, depth first, at most
     * {@code maxDepth} levels below it (deeper entries are not visited; a directory at the bound is
     * given to {@link TreeVisitor#visitEntry}). An entry removed while the walk runs is skipped: the
     * tree of a running container changes under the walk.
     *
     * @return false when the directory does not exist
     * @throws IOException when the tree cannot be read (permissions, I/O error)
     */
    public boolean walkTree(String hostDir, int maxDepth, TreeVisitor visitor) throws IOException {
        Path start = resolve(hostDir);
        if (!Files.exists(start, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        Files.walkFileTree(start, Set.of(), maxDepth, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes ignored) throws IOException {
                return visitor.enterDirectory(attributes(d, LinkOption.NOFOLLOW_LINKS))
                        ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes ignored) throws IOException {
                visitor.visitEntry(attributes(f, LinkOption.NOFOLLOW_LINKS));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
        return true;
    }

    /**
     * The filesystem a host path lives on, from the mount table. Costly: the JDK parses the whole
     * {@code /proc/mounts} on each call, so a caller looks it up once per device.
     */
    public FileStoreName fileStore(String hostPath) throws IOException {
        FileStore store = Files.getFileStore(resolve(hostPath));
        return new FileStoreName(store.name(), store.getBlockSize());
    }

    /**
     * {@code statvfs(3)} of the filesystem holding a host directory: one system call.
     *
     * @return empty when the directory is missing; zeros when the filesystem cannot be asked
     */
    public Optional<DiskSpace> diskSpace(String hostDir) {
        Path path = resolve(hostDir);
        if (!Files.isDirectory(path)) {
            return Optional.empty();
        }
        File file = path.toFile();
        return Optional.of(new DiskSpace(file.getTotalSpace(), file.getFreeSpace(), file.getUsableSpace()));
    }

    /**
     * Watches host directories for entries created and deleted (see {@link DirectoryWatches}).
     *
     * @throws IOException when the kernel gives no more inotify instances
     */
    public DirectoryWatches newDirectoryWatches() throws IOException {
        return new InotifyWatches(this);
    }

    // --- writes: only the few kernel interfaces that take them (resctrl monitoring groups) ---------

    /**
     * Makes one directory (not its parents), as {@code mkdir(2)} does in a kernel pseudo-filesystem
     * such as {@code /sys/fs/resctrl/mon_groups}, where it creates a group with its files.
     *
     * @return false when it exists already
     * @throws IOException for the kernel's refusal (e.g. {@code ENOSPC}: no RMID left) or a missing parent
     */
    public boolean createDirectory(String hostPath) throws IOException {
        try {
            Files.createDirectory(resolve(hostPath));
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        }
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

    @Override
    public String toString() {
        return "HostFs[" + root + "]";
    }
}
