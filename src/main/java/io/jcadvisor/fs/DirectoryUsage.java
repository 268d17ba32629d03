package io.jcadvisor.fs;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Disk usage of a directory tree, measured in-process like upstream's {@code GetDirUsage} (no
 * {@code du}): stays on the tree's own device and counts a hard-linked inode once. Runtimes give it a
 * path from {@link io.jcadvisor.host.HostFs#resolve}, so it always walks under the host root.
 *
 * <p>Java exposes no {@code st_blocks}, so the allocated size is estimated from {@code unix:size}:
 * regular files and directories round up to the filesystem block size; symbolic links short enough
 * for the inode (ext4: under 60 bytes) and device nodes (overlay whiteouts) take no block. Sparse
 * files therefore count at their apparent size, which upstream would not.
 *
 * @param bytes  estimated allocated bytes
 * @param inodes inodes in the tree, the root included
 */
public record DirectoryUsage(long bytes, long inodes) {

    public static final DirectoryUsage ZERO = new DirectoryUsage(0, 0);

    /** A symlink target this short lives in the inode itself (ext4 "fast symlink"). */
    private static final int FAST_SYMLINK_BYTES = 60;
    /** Bound of {@link #STORES}: a host has few filesystems under Docker's root. */
    private static final int MAX_STORES = 64;
    /**
     * Name and block size of a filesystem, by device number. {@code Files.getFileStore} parses the
     * whole {@code /proc/mounts} on every call, and that table grows by one long overlay line per
     * running container: with 100 containers, three lookups per walk were most of the walker's CPU.
     * (Not the {@link FileStore} itself: it keeps the path it was found by, which may go away.)
     */
    private static final Map<Long, StoreInfo> STORES = new ConcurrentHashMap<>();

    private record StoreInfo(String name, long blockSize) {
    }

    public DirectoryUsage plus(DirectoryUsage other) {
        return new DirectoryUsage(bytes + other.bytes, inodes + other.inodes);
    }

    /**
     * Walks {@code dir} (a path from {@code HostFs.resolve}).
     *
     * @return {@link #ZERO} when it does not exist (a container removed meanwhile)
     * @throws IOException when the tree cannot be read (permissions, I/O error)
     */
    public static DirectoryUsage measure(Path dir) throws IOException {
        Map<String, Object> top;
        try {
            top = Files.readAttributes(dir, "unix:dev", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return ZERO;
        }
        long device = (Long) top.get("dev");
        long block = Math.max(512, store(dir, device).blockSize());
        Set<Long> linked = new HashSet<>();
        long[] totals = new long[2];
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                Map<String, Object> a = Files.readAttributes(d, "unix:dev,size", LinkOption.NOFOLLOW_LINKS);
                if ((Long) a.get("dev") != device) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                totals[0] += roundUp((Long) a.get("size"), block);
                totals[1]++;
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                Map<String, Object> a = Files.readAttributes(f, "unix:ino,nlink,size", LinkOption.NOFOLLOW_LINKS);
                if ((Integer) a.get("nlink") > 1 && !linked.add((Long) a.get("ino"))) {
                    return FileVisitResult.CONTINUE;
                }
                long size = (Long) a.get("size");
                if (attrs.isRegularFile()) {
                    totals[0] += roundUp(size, block);
                } else if (attrs.isSymbolicLink() && size >= FAST_SYMLINK_BYTES) {
                    totals[0] += block;
                }
                totals[1]++;
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    // Removed while walking: the container wrote or deleted a file, not an error.
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
        return new DirectoryUsage(totals[0], totals[1]);
    }

    /** Name and block size of the filesystem of a path on {@code device}, looked up once per device. */
    private static StoreInfo store(Path path, long device) throws IOException {
        StoreInfo info = STORES.get(device);
        if (info == null) {
            FileStore store = Files.getFileStore(path);
            info = new StoreInfo(store.name(), store.getBlockSize());
            if (STORES.size() < MAX_STORES) {
                STORES.put(device, info);
            }
        }
        return info;
    }

    private static long roundUp(long size, long block) {
        return (size + block - 1) / block * block;
    }

    /**
     * The filesystem a path lives on.
     *
     * @param device   mount source ({@code /dev/vda}), as mountinfo and machine info name it
     * @param capacity total bytes of that filesystem
     */
    public record Store(String device, long capacity) {

        /** The capacity is asked each time (one {@code statvfs}); the device name comes from the cache. */
        public static Store of(Path path) throws IOException {
            long device = (Long) Files.getAttribute(path, "unix:dev");
            return new Store(store(path, device).name(), path.toFile().getTotalSpace());
        }
    }
}
