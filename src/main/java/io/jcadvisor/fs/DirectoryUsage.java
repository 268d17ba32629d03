package io.jcadvisor.fs;

import io.jcadvisor.host.DiskSpace;
import io.jcadvisor.host.FileAttributes;
import io.jcadvisor.host.FileStoreName;
import io.jcadvisor.host.HostFs;
import io.jcadvisor.host.TreeVisitor;

import java.io.IOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Disk usage of a directory tree, measured in-process like upstream's {@code GetDirUsage} (no
 * {@code du}): stays on the tree's own device and counts a hard-linked inode once. It walks through
 * {@link HostFs#walkTree}, so always under the host root.
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
    /**
     * How deep a walk goes. A path is at most 4096 bytes ({@code PATH_MAX}), so no tree a runtime
     * makes is deeper; the bound keeps a pathological one from holding the walker forever.
     */
    private static final int MAX_DEPTH = 2048;
    /** Bound of {@link #STORES}: a host has few filesystems under Docker's root. */
    private static final int MAX_STORES = 64;
    /**
     * Name and block size of a filesystem, by device number. {@code Files.getFileStore} parses the
     * whole {@code /proc/mounts} on every call, and that table grows by one long overlay line per
     * running container: with 100 containers, three lookups per walk were most of the walker's CPU.
     * (Not the {@code FileStore} itself: it keeps the path it was found by, which may go away.)
     */
    private static final Map<Long, StoreInfo> STORES = new ConcurrentHashMap<>();

    private record StoreInfo(String name, long blockSize) {
    }

    public DirectoryUsage plus(DirectoryUsage other) {
        return new DirectoryUsage(bytes + other.bytes, inodes + other.inodes);
    }

    /**
     * Walks a host directory.
     *
     * @return {@link #ZERO} when it does not exist (a container removed meanwhile)
     * @throws IOException when the tree cannot be read (permissions, I/O error)
     */
    public static DirectoryUsage measure(HostFs hostFs, String hostDir) throws IOException {
        Optional<FileAttributes> top = hostFs.lstatIfExists(hostDir);
        if (top.isEmpty()) {
            return ZERO;
        }
        long device = top.get().device();
        long block = Math.max(512, store(hostFs, hostDir, device).blockSize());
        Set<Long> linked = new HashSet<>();
        long[] totals = new long[2];
        boolean walked = hostFs.walkTree(hostDir, MAX_DEPTH, new TreeVisitor() {
            @Override
            public boolean enterDirectory(FileAttributes d) {
                if (d.device() != device) {
                    return false;
                }
                totals[0] += roundUp(d.size(), block);
                totals[1]++;
                return true;
            }

            @Override
            public void visitEntry(FileAttributes f) {
                if (f.links() > 1 && !linked.add(f.inode())) {
                    return;
                }
                if (f.kind() == FileAttributes.Kind.REGULAR || f.kind() == FileAttributes.Kind.DIRECTORY) {
                    // a directory here is one at the depth bound: counted, not entered
                    totals[0] += roundUp(f.size(), block);
                } else if (f.kind() == FileAttributes.Kind.SYMLINK && f.size() >= FAST_SYMLINK_BYTES) {
                    totals[0] += block;
                }
                totals[1]++;
            }
        });
        return walked ? new DirectoryUsage(totals[0], totals[1]) : ZERO;
    }

    /** Name and block size of the filesystem of a path on {@code device}, looked up once per device. */
    private static StoreInfo store(HostFs hostFs, String hostPath, long device) throws IOException {
        StoreInfo info = STORES.get(device);
        if (info == null) {
            FileStoreName store = hostFs.fileStore(hostPath);
            info = new StoreInfo(store.device(), store.blockSize());
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
        public static Store of(HostFs hostFs, String hostDir) throws IOException {
            long device = hostFs.stat(hostDir).device();
            return new Store(store(hostFs, hostDir, device).name(),
                    hostFs.diskSpace(hostDir).map(DiskSpace::total).orElse(0L));
        }
    }
}
