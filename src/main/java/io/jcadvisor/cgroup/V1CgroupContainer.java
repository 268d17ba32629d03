package io.jcadvisor.cgroup;

import io.jcadvisor.host.HostFile;
import io.jcadvisor.config.MetricKind;
import io.jcadvisor.info.v1.ContainerSpec;
import io.jcadvisor.info.v1.ContainerStats;
import io.jcadvisor.info.v1.CpuCfs;
import io.jcadvisor.info.v1.CpuSchedstat;
import io.jcadvisor.info.v1.CpuSetStats;
import io.jcadvisor.info.v1.CpuSpec;
import io.jcadvisor.info.v1.CpuStats;
import io.jcadvisor.info.v1.CpuUsage;
import io.jcadvisor.info.v1.DiskIoStats;
import io.jcadvisor.info.v1.Health;
import io.jcadvisor.info.v1.HugetlbStats;
import io.jcadvisor.info.v1.LoadStats;
import io.jcadvisor.info.v1.MemoryData;
import io.jcadvisor.info.v1.MemoryEvents;
import io.jcadvisor.info.v1.MemoryNumaStats;
import io.jcadvisor.info.v1.MemorySpec;
import io.jcadvisor.info.v1.MemoryStats;
import io.jcadvisor.info.v1.ProcessSpec;
import io.jcadvisor.info.v1.ProcessStats;
import io.jcadvisor.info.v1.PsiStats;
import io.jcadvisor.info.v1.ResctrlStats;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container on a cgroup v1 (or hybrid) host: its directory under each tracked controller
 * hierarchy ({@code <mount point><name>}). A hierarchy where the directory is missing leaves its
 * values absent; the container is gone only when it is missing from all of them.
 * Sources per field: docs/data-sources.md §2 and §3 (v1 columns).
 */
final class V1CgroupContainer extends AbstractCgroupContainer {

    private static final int CPU = 0;
    private static final int CPUACCT = 1;
    private static final int MEMORY = 2;
    private static final int BLKIO = 3;
    private static final int PIDS = 4;
    private static final int CPUSET = 5;
    private static final int HUGETLB = 6;
    private static final int DEVICES = 7;
    /**
     * Every tracked hierarchy, read or not: the watch reports a container when its first directory
     * appears in any of them, so each one must count for {@link #exists()} (runc may make
     * {@code perf_event} first, and a container "gone" at that moment would not be reported again).
     */
    private static final String[] SUBSYSTEMS = {"cpu", "cpuacct", "memory", "blkio", "pids", "cpuset", "hugetlb",
            "devices", "perf_event"};

    private static final String[] CPU_STAT_KEYS = {"nr_periods", "nr_throttled", "throttled_time"};
    private static final String[] CPUACCT_STAT_KEYS = {"user", "system"};
    private static final String[] OOM_KEYS = {"oom_kill"};

    private static final String[] MEMORY_KEYS = {"cache", "rss", "swap", "mapped_file", "total_cache", "total_rss",
            "total_swap", "total_mapped_file", "total_active_file", "total_inactive_file", "pgfault", "pgmajfault"};
    private static final int M_CACHE = 0;
    private static final int M_RSS = 1;
    private static final int M_SWAP = 2;
    private static final int M_MAPPED = 3;
    /** Offset from a key to its {@code total_} (hierarchical) twin. */
    private static final int M_TOTAL = 4;
    private static final int M_ACTIVE_FILE = 8;
    private static final int M_INACTIVE_FILE = 9;
    private static final int M_PGFAULT = 10;
    private static final int M_PGMAJFAULT = 11;

    private static final String[] NUMA_ROWS = {"file", "anon", "unevictable", "hierarchical_file",
            "hierarchical_anon", "hierarchical_unevictable"};

    private final boolean percpu;
    private final boolean numa;
    private final boolean oom;

    private final HostFile cpuacctUsage;
    private final HostFile cpuacctPercpu;
    private final HostFile cpuacctStat;
    private final HostFile cpuStat;
    private final HostFile memUsage;
    private final HostFile memMaxUsage;
    private final HostFile memFailcnt;
    private final HostFile memKmemUsage;
    private final HostFile memUseHierarchy;
    private final HostFile memStat;
    private final HostFile memOomControl;
    private final HostFile memNumaStat;
    private final HostFile[][] blkioGroups;
    private final DiskIoParser.Kind[][] blkioKinds;
    private final HostFile pidsCurrent;
    private final HostFile pidsMax;
    private final HostFile procs;
    private final HostFile memoryMigrate;
    private final List<String> hugetlbSizes;
    /** Per size: rsvd usage, rsvd max usage, rsvd failcnt, usage, max usage, failcnt. */
    private final HostFile[][] hugetlbFiles;
    /** Whether the kernel has the hugetlb reservation files: unknown until first seen. */
    private volatile Boolean hugetlbRsvd;

    V1CgroupContainer(CgroupReaders ctx, String name) {
        super(ctx, name, SUBSYSTEMS.length);
        CgroupLayout layout = ctx.layout;
        for (int h = 0; h < SUBSYSTEMS.length; h++) {
            String mount = layout.mountPoint(SUBSYSTEMS[h]).orElse(null);
            // Upstream drops the pids path of the root cgroup, so "/" reports no thread counts.
            if (mount != null && !(root && h == PIDS)) {
                dirs[h] = root ? mount : mount + name;
            }
        }
        percpu = ctx.enabled(MetricKind.PERCPU);
        numa = ctx.enabled(MetricKind.MEMORY_NUMA);
        oom = ctx.enabled(MetricKind.OOM_EVENT);

        cpuacctUsage = kept(CPUACCT, "cpuacct.usage");
        cpuacctPercpu = percpu ? kept(CPUACCT, "cpuacct.usage_percpu") : null;
        cpuacctStat = kept(CPUACCT, "cpuacct.stat");
        cpuStat = kept(CPU, "cpu.stat");
        memUsage = kept(MEMORY, "memory.usage_in_bytes");
        memMaxUsage = kept(MEMORY, "memory.max_usage_in_bytes");
        memFailcnt = kept(MEMORY, "memory.failcnt");
        memKmemUsage = kept(MEMORY, "memory.kmem.usage_in_bytes");
        memUseHierarchy = kept(MEMORY, "memory.use_hierarchy");
        memStat = kept(MEMORY, "memory.stat");
        memOomControl = oom ? kept(MEMORY, "memory.oom_control") : null;
        memNumaStat = numa ? kept(MEMORY, "memory.numa_stat") : null;

        List<List<String>> groups = DiskIoParser.V1_FILE_GROUPS;
        blkioGroups = new HostFile[dirs[BLKIO] == null ? 0 : groups.size()][];
        blkioKinds = new DiskIoParser.Kind[blkioGroups.length][];
        for (int g = 0; g < blkioGroups.length; g++) {
            List<String> names = groups.get(g);
            blkioGroups[g] = new HostFile[names.size()];
            blkioKinds[g] = new DiskIoParser.Kind[names.size()];
            for (int f = 0; f < names.size(); f++) {
                blkioGroups[g][f] = kept(BLKIO, names.get(f));
                blkioKinds[g][f] = DiskIoParser.kindOfV1File(names.get(f));
            }
        }

        pidsCurrent = kept(PIDS, "pids.current");
        pidsMax = kept(PIDS, "pids.max");
        // Opened per read: cgroup v1 keeps a pid list per open file for a while after a read, so a read
        // again from offset 0 on a held descriptor could show the pids of a second ago.
        procs = file(CPU, "cgroup.procs");
        // cpuset is tracked for the spec's mask whatever the groups; its stat only with its group.
        memoryMigrate = ctx.enabled(MetricKind.CPUSET)
                ? kept(CPUSET, layout.cpusetNoprefix() ? "memory_migrate" : "cpuset.memory_migrate") : null;

        hugetlbSizes = dirs[HUGETLB] == null ? List.of() : ctx.hugepageSizes();
        hugetlbFiles = new HostFile[hugetlbSizes.size()][];
        for (int i = 0; i < hugetlbSizes.size(); i++) {
            String prefix = "hugetlb." + hugetlbSizes.get(i) + ".";
            hugetlbFiles[i] = new HostFile[] {
                    kept(HUGETLB, prefix + "rsvd.usage_in_bytes"), kept(HUGETLB, prefix + "rsvd.max_usage_in_bytes"),
                    kept(HUGETLB, prefix + "rsvd.failcnt"), kept(HUGETLB, prefix + "usage_in_bytes"),
                    kept(HUGETLB, prefix + "max_usage_in_bytes"), kept(HUGETLB, prefix + "failcnt")};
        }
    }

    @Override
    public ContainerSpec spec() throws ContainerGoneException {
        Reads reads = new Reads();
        boolean hasCpu = isDir(CPU) || isDir(CPUSET);
        long shares = orZero(CgroupParser.parseUint(read(file(CPU, "cpu.shares"), CPU, reads)));
        long period = orZero(CgroupParser.parseUint(read(file(CPU, "cpu.cfs_period_us"), CPU, reads)));
        long quota = quota(CgroupParser.parseInt64(read(file(CPU, "cpu.cfs_quota_us"), CPU, reads)));
        // The mask whatever the metric groups (the cpuset hierarchy is always tracked): the cgroup's
        // own cpuset.cpus, no walk up to a parent, as upstream; an empty or unreadable file in an
        // existing cpuset directory means every CPU (upstream's FixCpuMask of "").
        String mask = null;
        if (dirs[CPUSET] != null) {
            String cpus = read(file(CPUSET, ctx.layout.cpusetNoprefix() ? "cpus" : "cpuset.cpus"), CPUSET, reads);
            if (cpus != null && !cpus.trim().isEmpty()) {
                mask = cpus.trim();
            } else if (cpus != null || isDir(CPUSET)) {
                mask = ctx.defaultMask();
            }
        }
        boolean hasMemory = isDir(MEMORY);
        MemorySpec memory = new MemorySpec(
                orZero(CgroupParser.parseUint(read(file(MEMORY, "memory.limit_in_bytes"), MEMORY, reads))),
                orZero(CgroupParser.parseUint(read(file(MEMORY, "memory.soft_limit_in_bytes"), MEMORY, reads))),
                orZero(CgroupParser.parseUint(read(file(MEMORY, "memory.memsw.limit_in_bytes"), MEMORY, reads))));
        boolean hasProcesses = isDir(PIDS);
        ProcessSpec processes = hasProcesses
                ? new ProcessSpec(orZero(CgroupParser.parseUint(read(pidsMax, PIDS, reads))))
                : ProcessSpec.NONE;
        List<String> creation = new ArrayList<>();
        for (String dir : dirs) {
            if (dir != null && !creation.contains(dir)) {
                creation.add(dir);
                creation.add(dir + "/cgroup.clone_children");
            }
        }
        return buildSpec(creation, hasCpu, new CpuSpec(shares, 0, mask, quota, period), hasMemory, memory,
                isDir(HUGETLB), hasProcesses, processes, isDir(BLKIO));
    }

    private boolean isDir(int hierarchy) {
        return dirs[hierarchy] != null && ctx.hostFs.isDirectory(dirs[hierarchy]);
    }

    @Override
    public ContainerStats stats() throws ContainerGoneException {
        Instant timestamp = ctx.clock.instant();
        Reads reads = new Reads();
        CpuStats cpu = cpuStats(reads);
        MemoryStats memory = memoryStats(reads);
        long oomKills = 0;
        if (memOomControl != null) {
            long[] values = new long[1];
            if (CgroupParser.has(CgroupParser.parseKeyed(readIfPresent(memOomControl, MEMORY, reads), ' ', OOM_KEYS,
                    values), 0)) {
                oomKills = values[0];
            }
        }
        DiskIoStats diskIo = ctx.enabled(MetricKind.DISK_IO) ? diskIoStats(reads) : null;
        Map<String, HugetlbStats> hugetlb = hugetlbFiles.length > 0 ? hugetlbStats(reads) : null;
        ProcessStats processes = ctx.enabled(MetricKind.PROCESS) ? processStats(reads) : null;
        CpuSetStats cpuset = memoryMigrate == null ? CpuSetStats.ZERO
                : new CpuSetStats(orZero(CgroupParser.parseUint(readIfPresent(memoryMigrate, CPUSET, reads))));
        return new ContainerStats(timestamp, cpu, diskIo, memory, hugetlb, null, null, LoadStats.ZERO, processes, 0,
                ResctrlStats.EMPTY, cpuset, oomKills, Health.NONE);
    }

    private CpuStats cpuStats(Reads reads) throws ContainerGoneException {
        long total = orZero(CgroupParser.parseUint(read(cpuacctUsage, CPUACCT, reads)));
        long[] perCpu = cpuacctPercpu == null ? null
                : CgroupParser.parsePerCpu(readIfPresent(cpuacctPercpu, CPUACCT, reads));
        long[] ticks = new long[2];
        long found = CgroupParser.parseKeyed(readIfPresent(cpuacctStat, CPUACCT, reads), ' ', CPUACCT_STAT_KEYS, ticks);
        long user = CgroupParser.has(found, 0) ? ticks[0] * NANOS_PER_TICK : 0;
        long system = CgroupParser.has(found, 1) ? ticks[1] * NANOS_PER_TICK : 0;
        long[] cfs = new long[3];
        found = CgroupParser.parseKeyed(read(cpuStat, CPU, reads), ' ', CPU_STAT_KEYS, cfs);
        return new CpuStats(new CpuUsage(total, perCpu, user, system),
                new CpuCfs(pick(found, cfs, 0), pick(found, cfs, 1), pick(found, cfs, 2), 0, 0),
                CpuSchedstat.ZERO, 0, 0, PsiStats.ZERO);
    }

    private MemoryStats memoryStats(Reads reads) throws ContainerGoneException {
        long usage = orZero(CgroupParser.parseUint(read(memUsage, MEMORY, reads)));
        long maxUsage = orZero(CgroupParser.parseUint(readIfPresent(memMaxUsage, MEMORY, reads)));
        long failcnt = orZero(CgroupParser.parseUint(readIfPresent(memFailcnt, MEMORY, reads)));
        long kernel = orZero(CgroupParser.parseUint(readIfPresent(memKmemUsage, MEMORY, reads)));
        boolean hierarchy = orZero(CgroupParser.parseUint(readIfPresent(memUseHierarchy, MEMORY, reads))) == 1;
        long[] v = new long[MEMORY_KEYS.length];
        long found = CgroupParser.parseKeyed(readIfPresent(memStat, MEMORY, reads), ' ', MEMORY_KEYS, v);
        int shift = hierarchy ? M_TOTAL : 0;
        MemoryNumaStats containerNuma = null;
        MemoryNumaStats hierarchicalNuma = null;
        if (memNumaStat != null) {
            Map<Integer, Long>[] rows = CgroupParser.parseNumaStat(readIfPresent(memNumaStat, MEMORY, reads),
                    NUMA_ROWS);
            if (rows != null) {
                containerNuma = new MemoryNumaStats(rows[0], rows[1], rows[2]);
                hierarchicalNuma = new MemoryNumaStats(rows[3], rows[4], rows[5]);
            }
        }
        long pgfault = pick(found, v, M_PGFAULT);
        long pgmajfault = pick(found, v, M_PGMAJFAULT);
        return memoryStats(usage, maxUsage, pick(found, v, M_CACHE + shift), pick(found, v, M_RSS + shift),
                pick(found, v, M_SWAP + shift), pick(found, v, M_MAPPED + shift), pick(found, v, M_ACTIVE_FILE),
                pick(found, v, M_INACTIVE_FILE),
                workingSet(usage, CgroupParser.has(found, M_INACTIVE_FILE), v[M_INACTIVE_FILE]), failcnt,
                0, 0, 0, 0, 0, 0, kernel,
                new MemoryData(pgfault, pgmajfault, containerNuma),
                new MemoryData(pgfault, pgmajfault, hierarchicalNuma), PsiStats.ZERO, MemoryEvents.ZERO);
    }

    private DiskIoStats diskIoStats(Reads reads) throws ContainerGoneException {
        DiskIoParser.Builder builder = new DiskIoParser.Builder();
        for (int g = 0; g < blkioGroups.length; g++) {
            // A first file without device lines adds nothing, so the next group starts from a clean builder.
            String first = readIfPresent(blkioGroups[g][0], BLKIO, reads);
            if (DiskIoParser.parseBlkio(first, blkioKinds[g][0], builder) == 0) {
                continue;
            }
            for (int f = 1; f < blkioGroups[g].length; f++) {
                DiskIoParser.parseBlkio(readIfPresent(blkioGroups[g][f], BLKIO, reads), blkioKinds[g][f], builder);
            }
            break;
        }
        return builder.build(PsiStats.ZERO, ctx.deviceNamer);
    }

    private Map<String, HugetlbStats> hugetlbStats(Reads reads) throws ContainerGoneException {
        Map<String, HugetlbStats> out = new LinkedHashMap<>();
        for (int i = 0; i < hugetlbFiles.length; i++) {
            HostFile[] files = hugetlbFiles[i];
            String usage = null;
            int base = 3;
            if (!Boolean.FALSE.equals(hugetlbRsvd)) {
                usage = readIfPresent(files[0], HUGETLB, reads);
                if (usage != null) {
                    base = 0;
                    hugetlbRsvd = Boolean.TRUE;
                }
            }
            if (usage == null) {
                usage = readIfPresent(files[3], HUGETLB, reads);
                if (usage != null) {
                    // Kernels before 5.7 have no reservation files; stop asking for them.
                    hugetlbRsvd = Boolean.FALSE;
                }
            }
            if (usage == null) {
                continue;
            }
            out.put(hugetlbSizes.get(i), new HugetlbStats(orZero(CgroupParser.parseUint(usage)),
                    orZero(CgroupParser.parseUint(readIfPresent(files[base + 1], HUGETLB, reads))),
                    orZero(CgroupParser.parseUint(readIfPresent(files[base + 2], HUGETLB, reads)))));
        }
        return out;
    }

    private ProcessStats processStats(Reads reads) throws ContainerGoneException {
        long count = CgroupParser.countLines(readIfPresent(procs, CPU, reads));
        long current = orZero(CgroupParser.parseUint(readIfPresent(pidsCurrent, PIDS, reads)));
        long max = threadsMax(CgroupParser.parseUint(readIfPresent(pidsMax, PIDS, reads)));
        return new ProcessStats(count, 0, 0, current, max, List.of());
    }

    @Override
    public List<Integer> pids() {
        // Upstream lists pids from the devices hierarchy; a cgroup made only in some controllers
        // may lack it, so fall back to cpu.
        for (int h : new int[] {DEVICES, CPU}) {
            if (dirs[h] != null) {
                String text = ctx.hostFs.readString(dirs[h] + "/cgroup.procs").orElse(null);
                if (text != null) {
                    return CgroupParser.parsePids(text);
                }
            }
        }
        return List.of();
    }

    private static long pick(long found, long[] values, int index) {
        return CgroupParser.has(found, index) ? values[index] : 0;
    }
}
