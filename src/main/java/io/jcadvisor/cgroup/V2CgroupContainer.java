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
import io.jcadvisor.info.v1.MemorySpec;
import io.jcadvisor.info.v1.MemoryStats;
import io.jcadvisor.info.v1.ProcessSpec;
import io.jcadvisor.info.v1.ProcessStats;
import io.jcadvisor.info.v1.PsiStats;
import io.jcadvisor.info.v1.ResctrlStats;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A container on a cgroup v2 host: one directory {@code /sys/fs/cgroup<name>}. Files of a
 * controller the parent does not enable are simply absent. The root cgroup has no
 * {@code memory.current}, {@code memory.max} or {@code cpu.max}: its usage comes from its
 * {@code memory.stat} and its limits from {@code /proc/meminfo}. Sources per field:
 * docs/data-sources.md §2 and §3 (v2 columns). NUMA stats are not read on v2, as upstream. The spec's
 * {@code has_hugetlb} stays false: upstream keys the v2 unified path under no controller name, so
 * its hugetlb check never matches there (hugetlb stats are still read).
 */
final class V2CgroupContainer extends AbstractCgroupContainer {

    private static final int DIR = 0;

    private static final String[] CPU_KEYS = {"usage_usec", "user_usec", "system_usec", "nr_periods",
            "nr_throttled", "throttled_usec", "nr_bursts", "burst_usec"};

    private static final String[] MEMORY_KEYS = {"file", "anon", "file_mapped", "active_file", "inactive_file",
            "pgfault", "pgmajfault", "file_dirty", "file_writeback", "pgscan", "pgsteal", "workingset_refault_file",
            "workingset_refault_anon"};
    private static final int M_FILE = 0;
    private static final int M_ANON = 1;
    private static final int M_MAPPED = 2;
    private static final int M_ACTIVE_FILE = 3;
    private static final int M_INACTIVE_FILE = 4;
    private static final int M_PGFAULT = 5;
    private static final int M_PGMAJFAULT = 6;
    private static final int M_DIRTY = 7;
    private static final int M_WRITEBACK = 8;
    private static final int M_PGSCAN = 9;
    private static final int M_PGSTEAL = 10;
    private static final int M_REFAULT_FILE = 11;
    private static final int M_REFAULT_ANON = 12;

    private static final String[] EVENT_KEYS = {"high", "max", "oom_kill"};
    private static final String[] LOCAL_EVENT_KEYS = {"oom_kill"};
    private static final String[] HUGETLB_EVENT_KEYS = {"max"};

    private final boolean pressure;
    private final boolean oom;

    private final HostFile cpuStat;
    private final HostFile cpuPressure;
    private final HostFile memCurrent;
    private final HostFile memPeak;
    private final HostFile memStat;
    private final HostFile memSwapCurrent;
    private final HostFile memEvents;
    private final HostFile memEventsLocal;
    private final HostFile memPressure;
    private final HostFile ioStat;
    private final HostFile ioPressure;
    private final HostFile pidsCurrent;
    private final HostFile pidsMax;
    private final HostFile procs;
    private final List<String> hugetlbSizes;
    /** Per size: rsvd.current, current, events. */
    private final HostFile[][] hugetlbFiles;

    V2CgroupContainer(CgroupReaders ctx, String name) {
        super(ctx, name, 1);
        dirs[DIR] = root ? CgroupLayout.CGROUP_ROOT : CgroupLayout.CGROUP_ROOT + name;
        pressure = ctx.enabled(MetricKind.PRESSURE);
        oom = ctx.enabled(MetricKind.OOM_EVENT);
        cpuStat = kept(DIR, "cpu.stat");
        cpuPressure = pressure ? kept(DIR, "cpu.pressure") : null;
        // The root cgroup has none of these; asking would only cost a failed open per sample.
        memCurrent = root ? null : kept(DIR, "memory.current");
        memPeak = root ? null : kept(DIR, "memory.peak");
        memSwapCurrent = root ? null : kept(DIR, "memory.swap.current");
        memEvents = root ? null : kept(DIR, "memory.events");
        memEventsLocal = root || !oom ? null : kept(DIR, "memory.events.local");
        pidsCurrent = root ? null : kept(DIR, "pids.current");
        memStat = kept(DIR, "memory.stat");
        memPressure = pressure ? kept(DIR, "memory.pressure") : null;
        ioStat = kept(DIR, "io.stat");
        ioPressure = pressure ? kept(DIR, "io.pressure") : null;
        pidsMax = kept(DIR, "pids.max");
        // Opened per read, as on v1 (where a held descriptor keeps a stale pid list for a while).
        procs = file(DIR, "cgroup.procs");
        hugetlbSizes = ctx.enabled(MetricKind.HUGETLB) ? ctx.hugepageSizes() : List.of();
        hugetlbFiles = new HostFile[hugetlbSizes.size()][];
        for (int i = 0; i < hugetlbSizes.size(); i++) {
            String prefix = "hugetlb." + hugetlbSizes.get(i) + ".";
            hugetlbFiles[i] = new HostFile[] {kept(DIR, prefix + "rsvd.current"), kept(DIR, prefix + "current"),
                    kept(DIR, prefix + "events")};
        }
    }

    @Override
    public ContainerSpec spec() throws ContainerGoneException {
        Reads reads = new Reads();
        String dir = dirs[DIR];
        boolean exists = ctx.hostFs.isDirectory(dir);
        if (!exists) {
            throw new ContainerGoneException(name);
        }
        long weight = orZero(CgroupParser.parseUint(read(file(DIR, "cpu.weight"), DIR, reads)));
        long[] cpuMax = CgroupParser.parseCpuMax(read(file(DIR, "cpu.max"), DIR, reads));
        String cpus = read(file(DIR, "cpuset.cpus.effective"), DIR, reads);
        String mask = cpus == null ? "" : cpus.trim();
        if (mask.isEmpty()) {
            mask = ctx.defaultMask();
        }
        CpuSpec cpu = new CpuSpec(CgroupParser.weightToShares(weight), 0, mask,
                cpuMax == null ? 0 : cpuMax[0], cpuMax == null ? 0 : cpuMax[1]);
        String max = read(file(DIR, "memory.max"), DIR, reads);
        MemorySpec memory = new MemorySpec(orZero(CgroupParser.parseUint(max)),
                orZero(CgroupParser.parseUint(read(file(DIR, "memory.min"), DIR, reads))),
                orZero(CgroupParser.parseUint(read(file(DIR, "memory.swap.max"), DIR, reads))));
        ProcessSpec processes = new ProcessSpec(orZero(CgroupParser.parseUint(read(pidsMax, DIR, reads))));
        return buildSpec(List.of(dir, dir + "/cgroup.events"), true, cpu, max != null, memory, false, true,
                processes, true);
    }

    @Override
    public ContainerStats stats() throws ContainerGoneException {
        Instant timestamp = ctx.clock.instant();
        Reads reads = new Reads();
        CpuStats cpu = cpuStats(reads);
        long[] events = new long[EVENT_KEYS.length];
        long eventsFound = CgroupParser.parseKeyed(readIfPresent(memEvents, DIR, reads), ' ', EVENT_KEYS, events);
        MemoryStats memory = memoryStats(reads, eventsFound, events);
        long oomKills = oomKills(reads, eventsFound, events);
        DiskIoStats diskIo = null;
        if (ctx.enabled(MetricKind.DISK_IO)) {
            DiskIoParser.Builder builder = new DiskIoParser.Builder();
            DiskIoParser.parseIoStat(readIfPresent(ioStat, DIR, reads), builder);
            diskIo = builder.build(psi(ioPressure, reads), ctx.deviceNamer);
        }
        Map<String, HugetlbStats> hugetlb = hugetlbFiles.length > 0 ? hugetlbStats(reads) : null;
        ProcessStats processes = ctx.enabled(MetricKind.PROCESS) ? processStats(reads) : null;
        return new ContainerStats(timestamp, cpu, diskIo, memory, hugetlb, null, null, LoadStats.ZERO, processes, 0,
                ResctrlStats.EMPTY, CpuSetStats.ZERO, oomKills, Health.NONE);
    }

    private CpuStats cpuStats(Reads reads) throws ContainerGoneException {
        long[] v = new long[CPU_KEYS.length];
        long found = CgroupParser.parseKeyed(read(cpuStat, DIR, reads), ' ', CPU_KEYS, v);
        return new CpuStats(
                new CpuUsage(micros(found, v, 0), null, micros(found, v, 1), micros(found, v, 2)),
                new CpuCfs(pick(found, v, 3), pick(found, v, 4), micros(found, v, 5), pick(found, v, 6),
                        micros(found, v, 7)),
                CpuSchedstat.ZERO, 0, 0, psi(cpuPressure, reads));
    }

    private MemoryStats memoryStats(Reads reads, long eventsFound, long[] events) throws ContainerGoneException {
        long[] v = new long[MEMORY_KEYS.length];
        long found = CgroupParser.parseKeyed(readIfPresent(memStat, DIR, reads), ' ', MEMORY_KEYS, v);
        long usage;
        long swap;
        if (root) {
            usage = pick(found, v, M_ANON) + pick(found, v, M_FILE);
            long[] machine = ctx.machineMemory();
            swap = machine[1] >= 0 && machine[2] >= 0 ? Math.max(0, machine[1] - machine[2]) : 0;
        } else {
            usage = orZero(CgroupParser.parseUint(readIfPresent(memCurrent, DIR, reads)));
            swap = orZero(CgroupParser.parseUint(readIfPresent(memSwapCurrent, DIR, reads)));
        }
        long maxUsage = orZero(CgroupParser.parseUint(readIfPresent(memPeak, DIR, reads)));
        long pgfault = pick(found, v, M_PGFAULT);
        long pgmajfault = pick(found, v, M_PGMAJFAULT);
        MemoryData data = new MemoryData(pgfault, pgmajfault, null);
        return memoryStats(usage, maxUsage, pick(found, v, M_FILE), pick(found, v, M_ANON), swap,
                pick(found, v, M_MAPPED), pick(found, v, M_ACTIVE_FILE), pick(found, v, M_INACTIVE_FILE),
                workingSet(usage, CgroupParser.has(found, M_INACTIVE_FILE), v[M_INACTIVE_FILE]), 0,
                pick(found, v, M_DIRTY), pick(found, v, M_WRITEBACK), pick(found, v, M_PGSCAN),
                pick(found, v, M_PGSTEAL), pick(found, v, M_REFAULT_FILE), pick(found, v, M_REFAULT_ANON), 0,
                data, data, psi(memPressure, reads),
                new MemoryEvents(pick(eventsFound, events, 0), pick(eventsFound, events, 1)));
    }

    /**
     * The kills of tasks in this very cgroup: {@code memory.events.local} {@code oom_kill}. (The
     * fallback when the kernel log cannot be read; the kernel log counts a kill under the killed
     * task's cgroup only, while {@code memory.events} also counts every descendant's kills.) Kernels
     * before 5.2 have no {@code memory.events.local}: then the hierarchical count is all there is.
     */
    private long oomKills(Reads reads, long eventsFound, long[] events) throws ContainerGoneException {
        if (memEventsLocal == null) {
            return 0;
        }
        long[] kills = new long[1];
        long found = CgroupParser.parseKeyed(readIfPresent(memEventsLocal, DIR, reads), ' ', LOCAL_EVENT_KEYS, kills);
        return CgroupParser.has(found, 0) ? kills[0] : pick(eventsFound, events, 2);
    }

    private Map<String, HugetlbStats> hugetlbStats(Reads reads) throws ContainerGoneException {
        Map<String, HugetlbStats> out = new LinkedHashMap<>();
        long[] failcnt = new long[1];
        for (int i = 0; i < hugetlbFiles.length; i++) {
            HostFile[] files = hugetlbFiles[i];
            String usage = readIfPresent(files[0], DIR, reads);
            if (usage == null) {
                usage = readIfPresent(files[1], DIR, reads);
            }
            if (usage == null) {
                continue;
            }
            long found = CgroupParser.parseKeyed(readIfPresent(files[2], DIR, reads), ' ', HUGETLB_EVENT_KEYS,
                    failcnt);
            out.put(hugetlbSizes.get(i), new HugetlbStats(orZero(CgroupParser.parseUint(usage)), 0,
                    pick(found, failcnt, 0)));
        }
        return out;
    }

    private ProcessStats processStats(Reads reads) throws ContainerGoneException {
        String procsText = readIfPresent(procs, DIR, reads);
        long count = CgroupParser.countLines(procsText);
        // Without pids.current (the root, or a cgroup whose parent does not enable pids) upstream
        // counts the processes instead.
        OptionalLong pids = root ? OptionalLong.empty()
                : CgroupParser.parseUint(readIfPresent(pidsCurrent, DIR, reads));
        long current = pids.isPresent() ? pids.getAsLong() : count;
        long max = threadsMax(CgroupParser.parseUint(readIfPresent(pidsMax, DIR, reads)));
        return new ProcessStats(count, 0, 0, current, max, List.of());
    }

    private PsiStats psi(HostFile file, Reads reads) throws ContainerGoneException {
        if (file == null) {
            return PsiStats.ZERO;
        }
        PsiStats psi = CgroupParser.parsePsi(readIfPresent(file, DIR, reads));
        return psi == null ? PsiStats.ZERO : psi;
    }

    @Override
    public List<Integer> pids() {
        return CgroupParser.parsePids(ctx.hostFs.readString(dirs[DIR] + "/cgroup.procs").orElse(null));
    }

    private static long pick(long found, long[] values, int index) {
        return CgroupParser.has(found, index) ? values[index] : 0;
    }

    private static long micros(long found, long[] values, int index) {
        return CgroupParser.has(found, index) ? values[index] * 1000 : 0;
    }
}
