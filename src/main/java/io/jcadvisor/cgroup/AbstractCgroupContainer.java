package io.jcadvisor.cgroup;

import io.jcadvisor.host.HostFile;
import io.jcadvisor.info.v1.ContainerSpec;
import io.jcadvisor.info.v1.CpuSpec;
import io.jcadvisor.info.v1.MemoryData;
import io.jcadvisor.info.v1.MemoryEvents;
import io.jcadvisor.info.v1.MemorySpec;
import io.jcadvisor.info.v1.MemoryStats;
import io.jcadvisor.info.v1.ProcessSpec;
import io.jcadvisor.info.v1.PsiStats;
import io.jcadvisor.info.v1.Uint64;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.OptionalLong;

/**
 * What v1 and v2 readers share: file paths resolved once, reads that tell a vanished cgroup
 * ({@link ContainerGoneException}) from a file the kernel does not offer (absent value), and the
 * spec assembly.
 */
abstract class AbstractCgroupContainer implements CgroupContainer {

    private static final Logger LOG = Logger.getLogger(AbstractCgroupContainer.class);

    /** USER_HZ as upstream assumes it: {@code cpuacct.stat} ticks are 10 ms. */
    static final long NANOS_PER_TICK = 10_000_000L;

    final CgroupReaders ctx;
    final String name;
    final boolean root;

    /**
     * Host paths of the container's directory in each hierarchy this reader uses (index = the
     * subclass's hierarchy number); null where the hierarchy is not tracked.
     */
    final String[] dirs;

    /** How long a file found missing is not asked for again. */
    static final long MISSING_RETRY_NANOS = 60_000_000_000L;
    private static final int MAX_MISSING = 256;

    /** The files this container reads every sample, held open between reads; closed by {@link #close()}. */
    private final List<HostFile> kept = new ArrayList<>();

    /**
     * The creation time once found ({@link CgroupReaders#creationTime}), kept for later specs. A cgroup's
     * marker files keep the time they were made, and its directories' times only move later (a child
     * made or removed), so the earliest time does not change: a spec read (every 5 s per container while
     * it is queried, e.g. each Prometheus scrape) no longer stats two paths per hierarchy, throwing for
     * the missing ones, and reads {@code /proc/uptime}. Null until found.
     */
    private volatile Instant created;

    /** Files found missing in a live cgroup, with the nanoTime when to try them again. */
    private final Map<HostFile, Long> missing = new ConcurrentHashMap<>();

    /**
     * Hierarchies (one bit each) whose directory was missing at the last failed read of one of their files: a
     * cgroup that some controllers never had (a raw cgroup made in {@code memory} only). Their files are not
     * opened, which fails with an exception each time, until a stat finds the directory (once per sample).
     * Racy updates (a spec read on another thread) cost at most one open or stat more.
     */
    private volatile int absentDirs;

    /** Which directories were found missing or present during one sample. */
    static final class Reads {
        int checked;
        int present;
        /** Whether {@link #exists()} answered true during this sample: not asked again. */
        boolean alive;
    }

    AbstractCgroupContainer(CgroupReaders ctx, String name, int hierarchies) {
        this.ctx = ctx;
        this.name = name;
        this.root = name.equals("/");
        this.dirs = new String[hierarchies];
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean exists() {
        for (String dir : dirs) {
            if (dir != null && ctx.hostFs.isDirectory(dir)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code <dir>/<file>} resolved under the host root, or null when the hierarchy is untracked: opened
     * and closed at each read, for a file read seldom (the spec's limits).
     */
    HostFile file(int hierarchy, String fileName) {
        String dir = dirs[hierarchy];
        return dir == null ? null : ctx.hostFs.file(dir.equals("/") ? "/" + fileName : dir + "/" + fileName);
    }

    /**
     * Like {@link #file}, for a file read every sample: held open between reads (opened at its first read,
     * so a file no enabled metric group reads is never opened) until {@link #close()}. Constructor only.
     */
    HostFile kept(int hierarchy, String fileName) {
        String dir = dirs[hierarchy];
        if (dir == null) {
            return null;
        }
        HostFile file = ctx.hostFs.keptFile(dir.equals("/") ? "/" + fileName : dir + "/" + fileName);
        kept.add(file);
        return file;
    }

    /** Closes the files held open; a read afterwards (a sample racing the removal) opens and closes them. */
    @Override
    public void close() {
        for (HostFile file : kept) {
            file.close();
        }
    }

    /**
     * The file's text, or null when it cannot be read. A failed read checks (once per sample and
     * hierarchy) whether the cgroup directory is still there; when the cgroup is gone from every
     * hierarchy the sample is abandoned. A file the kernel does not offer for a live cgroup is not
     * asked for again until {@link #MISSING_RETRY_NANOS} have passed: a failed open costs an
     * exception, and probing (blkio file groups, hugetlb reservation files) would pay it every
     * second. (On v2 a controller enabled later by the parent makes files appear, hence the retry,
     * and on v1 a block I/O scheduler loaded later, BFQ, adds its {@code blkio.bfq.*} files.) The
     * retry, and every later sample of a hierarchy whose directory was missing, first asks a stat,
     * which costs no exception: the file is opened only once it is there.
     */
    String read(HostFile file, int hierarchy, Reads reads) throws ContainerGoneException {
        if (file == null) {
            return null;
        }
        int bit = 1 << hierarchy;
        if ((absentDirs & bit) != 0) {
            // missing at the last read: a stat, not a failed open (an exception), says whether it is there now
            if ((reads.checked & bit) == 0) {
                checkDirectory(hierarchy, reads);
            }
            if ((reads.present & bit) == 0) {
                return null;
            }
            absentDirs &= ~bit;
        }
        Long retryAt = missing.isEmpty() ? null : missing.get(file);
        if (retryAt != null) {
            long now = System.nanoTime();
            if (now - retryAt < 0) {
                return null;
            }
            if (!file.exists()) {
                // still missing: found by a stat, not by a failed open and its exception
                missing.put(file, now + MISSING_RETRY_NANOS);
                return null;
            }
            missing.remove(file);
        }
        try {
            return file.read();
        } catch (IOException e) {
            LOG.debugf("%s: cannot read %s: %s", name, file, e);
            if ((reads.checked & bit) == 0) {
                checkDirectory(hierarchy, reads);
            }
            if ((reads.present & bit) == 0) {
                absentDirs |= bit;
            }
            // Remember only a file a present directory lacks (the kernel does not offer it). A directory
            // not there yet is a cgroup being made one hierarchy at a time (runc, systemd): its files
            // appear within milliseconds and must be read as soon as they do (the stat above sees it).
            if ((reads.present & bit) != 0 && missing.size() < MAX_MISSING) {
                missing.put(file, System.nanoTime() + MISSING_RETRY_NANOS);
            }
            return null;
        }
    }

    /**
     * Whether the hierarchy's directory is there, once per sample, into {@code reads}; when it is not, whether
     * the cgroup is still in any hierarchy.
     *
     * @throws ContainerGoneException when it is in none
     */
    private void checkDirectory(int hierarchy, Reads reads) throws ContainerGoneException {
        int bit = 1 << hierarchy;
        reads.checked |= bit;
        if (ctx.hostFs.isDirectory(dirs[hierarchy])) {
            reads.present |= bit;
        } else if (!reads.alive) {
            if (!exists()) {
                throw new ContainerGoneException(name);
            }
            reads.alive = true;
        }
    }

    /** Like {@link #read} but when the directory has already been found missing skips the attempt. */
    String readIfPresent(HostFile file, int hierarchy, Reads reads) throws ContainerGoneException {
        int bit = 1 << hierarchy;
        if ((reads.checked & bit) != 0 && (reads.present & bit) == 0) {
            return null;
        }
        return read(file, hierarchy, reads);
    }

    static long orZero(OptionalLong value) {
        return value.isPresent() ? value.getAsLong() : 0;
    }

    /** {@code usage - inactive_file} clamped at 0 (unsigned), or usage when the key is absent. */
    static long workingSet(long usage, boolean hasInactive, long inactiveFile) {
        if (!hasInactive) {
            return usage;
        }
        return Long.compareUnsigned(usage, inactiveFile) < 0 ? 0 : usage - inactiveFile;
    }

    static MemoryStats memoryStats(long usage, long maxUsage, long cache, long rss, long swap, long mappedFile,
            long activeFile, long inactiveFile, long workingSet, long failcnt, long fileDirty, long fileWriteback,
            long pgscan, long pgsteal, long refaultFile, long refaultAnon, long kernel, MemoryData container,
            MemoryData hierarchical, PsiStats psi, MemoryEvents events) {
        return new MemoryStats(usage, maxUsage, cache, rss, swap, mappedFile, activeFile, inactiveFile, workingSet,
                failcnt, fileDirty, fileWriteback, pgscan, pgsteal, refaultFile, refaultAnon, kernel, container,
                hierarchical, psi, events);
    }

    /** The spec from cgroup values; the root container gets machine memory and swap as limits. */
    ContainerSpec buildSpec(List<String> creationPaths, boolean hasCpu, CpuSpec cpu, boolean hasMemory,
            MemorySpec memory, boolean hasHugetlb, boolean hasProcesses, ProcessSpec processes, boolean hasDiskio)
            throws ContainerGoneException {
        Instant created = this.created;
        if (created == null) {
            created = ctx.creationTime(creationPaths);
            if (created == null) {
                if (!exists()) {
                    throw new ContainerGoneException(name);
                }
                created = ContainerSpec.ZERO_TIME;
            } else {
                this.created = created;
            }
        }
        if (root) {
            long[] machine = ctx.machineMemory();
            hasMemory = true;
            memory = new MemorySpec(Math.max(machine[0], 0), memory.reservation(), Math.max(machine[1], 0));
        }
        return new ContainerSpec(created, ContainerSpec.ZERO_TIME, null, null, hasCpu, cpu, hasMemory, memory,
                hasHugetlb, false, hasProcesses, processes, false, hasDiskio, false, null, null);
    }

    /** A v1 {@code -1} quota (or any negative) means unlimited, shown as 0. */
    static long quota(OptionalLong raw) {
        return raw.isPresent() && raw.getAsLong() > 0 ? raw.getAsLong() : 0;
    }

    /** Threads limit in stats: {@code max} shows as 0 (unlike the spec, which keeps 2^64-1). */
    static long threadsMax(OptionalLong raw) {
        return raw.isPresent() && raw.getAsLong() != Uint64.MAX ? raw.getAsLong() : 0;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + name + "]";
    }
}
