package io.jcadvisor.metrics;

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
import io.jcadvisor.info.v1.FsStats;
import io.jcadvisor.info.v1.HugetlbStats;
import io.jcadvisor.info.v1.InterfaceStats;
import io.jcadvisor.info.v1.LoadStats;
import io.jcadvisor.info.v1.MemoryData;
import io.jcadvisor.info.v1.MemoryEvents;
import io.jcadvisor.info.v1.MemoryNumaStats;
import io.jcadvisor.info.v1.MemoryStats;
import io.jcadvisor.info.v1.NetworkStats;
import io.jcadvisor.info.v1.PerDiskStats;
import io.jcadvisor.info.v1.PerfStat;
import io.jcadvisor.info.v1.PerfUncoreStat;
import io.jcadvisor.info.v1.ProcessStats;
import io.jcadvisor.info.v1.PsiData;
import io.jcadvisor.info.v1.PsiStats;
import io.jcadvisor.info.v1.ResctrlStats;
import io.jcadvisor.info.v1.TcpStat;
import io.jcadvisor.info.v1.UdpStat;
import io.jcadvisor.info.v1.UlimitSpec;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * The container metric table: every {@code container_*} family of {@code docs/metrics.md} §5 with
 * upstream's name, help text, type, extra labels, group and spec condition. Application metrics (group {@code app}) have names only their configs know, so they are
 * written by {@code AppFamilies}, not listed here. Values are uint64 in longs,
 * converted unsigned ({@link #u(long)}).
 */
final class ContainerMetrics {

    private static final double NS = 1e9;
    private static final double US = 1e6;
    /** Upstream {@code maxMemorySize}: larger spec limits mean unlimited and are written as 0. */
    private static final long MAX_MEMORY = 1L << 62;

    private static final String[] CPU_LABELS = new String[256];
    private static final String[][] FAILURES = {
        {"pgfault", "container"}, {"pgmajfault", "container"}, {"pgfault", "hierarchy"}, {"pgmajfault", "hierarchy"}};
    private static final String[] TASK_STATES = {"sleeping", "running", "stopped", "uninterruptible", "iowaiting"};
    private static final String[] TCP_STATES = {"established", "synsent", "synrecv", "finwait1", "finwait2",
        "timewait", "close", "closewait", "lastack", "listen", "closing"};
    private static final String[] UDP_STATES = {"listen", "dropped", "rxqueued", "txqueued"};
    /** {@code tcp_state} values of {@code container_network_advance_tcp_stats_total}, upstream order. */
    static final String[] ADV_TCP = ("rtoalgorithm rtomin rtomax maxconn activeopens passiveopens attemptfails "
            + "estabresets currestab insegs outsegs retranssegs inerrs outrsts incsumerrors embryonicrsts syncookiessent "
            + "syncookiesrecv syncookiesfailed prunecalled rcvpruned ofopruned outofwindowicmps lockdroppedicmps tw "
            + "twrecycled twkilled tcptimewaitoverflow tcptimeouts tcpspuriousrtos tcplossprobes tcplossproberecovery "
            + "tcprenorecoveryfail tcpsackrecoveryfail tcprenofailures tcpsackfailures tcplossfailures delayedacks "
            + "delayedacklocked delayedacklost listenoverflows listendrops tcphphits tcppureacks tcphpacks "
            + "tcprenorecovery tcpsackrecovery tcpsackreneging tcpfackreorder tcpsackreorder tcprenoreorder "
            + "tcptsreorder tcpfullundo tcppartialundo tcpdsackundo tcplossundo tcpfastretrans tcpslowstartretrans "
            + "tcplostretransmit tcpretransfail tcprcvcollapsed tcpdsackoldsent tcpdsackofosent tcpdsackrecv "
            + "tcpdsackoforecv tcpabortondata tcpabortonclose tcpabortonmemory tcpabortontimeout tcpabortonlinger "
            + "tcpabortfailed tcpmemorypressures tcpmemorypressureschrono tcpsackdiscard tcpdsackignoredold "
            + "tcpdsackignorednoundo tcpmd5notfound tcpmd5unexpected tcpmd5failure tcpsackshifted tcpsackmerged "
            + "tcpsackshiftfallback tcpbacklogdrop pfmemallocdrop tcpminttldrop tcpdeferacceptdrop ipreversepathfilter "
            + "tcpreqqfulldocookies tcpreqqfulldrop tcpfastopenactive tcpfastopenactivefail tcpfastopenpassive "
            + "tcpfastopenpassivefail tcpfastopenlistenoverflow tcpfastopencookiereqd tcpsynretrans tcporigdatasent "
            + "pawsactive pawsestab").split(" ");
    private static final Map<String, Integer> ADV_TCP_INDEX = new ConcurrentHashMap<>();
    /** Lower-cased counter keys; the key set is fixed (kernel counter names), so this stays small. */
    private static final Map<String, String> LOWER = new ConcurrentHashMap<>();
    private static final String[] NUMA_TYPES = {"file", "anon", "unevictable"};

    static {
        for (int i = 0; i < CPU_LABELS.length; i++) {
            CPU_LABELS[i] = cpuLabel(i);
        }
        for (int i = 0; i < ADV_TCP.length; i++) {
            ADV_TCP_INDEX.put(ADV_TCP[i], i);
        }
    }

    private ContainerMetrics() {
    }

    /** Every family, unordered; {@code perCpu} says whether the {@code percpu} group is on. */
    static List<ContainerFamily> all(boolean perCpu) {
        List<ContainerFamily> t = new ArrayList<>();
        always(t);
        cpu(t, perCpu);
        sched(t);
        cpuLoad(t);
        hugetlb(t);
        memory(t);
        disk(t);
        diskIo(t);
        network(t);
        process(t);
        resctrl(t);
        rest(t);
        perf(t, perCpu);
        return Collections.unmodifiableList(t);
    }

    // ---- always on (docs/metrics.md §5.1) ----

    private static void always(List<ContainerFamily> t) {
        t.add(new ContainerFamily("container_last_seen", "Last time a container was seen by the exporter", false,
                List.of(), null, null, ContainerFamily.Stamp.SCRAPE, null,
                (c, s, out) -> out.add(out.scrapeEpochSecond())));
        t.add(group("container_health_state", "The result of the container's health check", false, null,
                (c, s, out) -> {
                    String status = s.health() == null ? "" : s.health().status();
                    out.add("healthy".equals(status) ? 1 : status == null || status.isEmpty() ? -1 : 0);
                }));
        t.add(spec("container_creation_time_seconds", "Container creation time since unix epoch in seconds.", null,
                (c, s, out) -> {
                    Instant created = c.spec().creationTime();
                    if (created != null) {
                        out.add(created.getEpochSecond());
                    }
                }));
        t.add(spec("container_start_time_seconds", "Start time of the container since unix epoch in seconds.", null,
                (c, s, out) -> {
                    Instant start = c.spec().startTime();
                    if (start == null || start.equals(ContainerSpec.ZERO_TIME)) {
                        start = c.spec().creationTime();
                    }
                    if (start != null) {
                        out.add(start.getEpochSecond());
                    }
                }));
        Predicate<ContainerSpec> hasCpu = sp -> sp.hasCpu() && sp.cpu() != null;
        t.add(spec("container_spec_cpu_period", "CPU period of the container.", hasCpu,
                (c, s, out) -> out.add(u(c.spec().cpu().period()))));
        t.add(spec("container_spec_cpu_quota", "CPU quota of the container.", hasCpu.and(ContainerMetrics::hasQuota),
                (c, s, out) -> out.add(u(c.spec().cpu().quota()))));
        t.add(spec("container_spec_cpu_shares", "CPU share of the container.", hasCpu,
                (c, s, out) -> out.add(u(c.spec().cpu().limit()))));
        Predicate<ContainerSpec> hasMemory = sp -> sp.hasMemory() && sp.memory() != null;
        t.add(spec("container_spec_memory_limit_bytes", "Memory limit for the container.", hasMemory,
                (c, s, out) -> out.add(memoryLimit(c.spec().memory().limit()))));
        t.add(spec("container_spec_memory_swap_limit_bytes", "Memory swap limit for the container.", hasMemory,
                (c, s, out) -> out.add(memoryLimit(c.spec().memory().swapLimit()))));
        t.add(spec("container_spec_memory_reservation_limit_bytes", "Memory reservation limit for the container.",
                hasMemory, (c, s, out) -> out.add(memoryLimit(c.spec().memory().reservation()))));
    }

    // ---- cpu (§5.2) ----

    private static void cpu(List<ContainerFamily> t, boolean perCpu) {
        t.add(cpuUsage("container_cpu_user_seconds_total", "Cumulative user cpu time consumed in seconds.",
                u -> u.user()));
        t.add(cpuUsage("container_cpu_system_seconds_total", "Cumulative system cpu time consumed in seconds.",
                u -> u.system()));
        t.add(new ContainerFamily("container_cpu_usage_seconds_total", "Cumulative cpu time consumed in seconds.", true,
                List.of("cpu"), MetricKind.CPU, null, ContainerFamily.Stamp.STATS, null, (c, s, out) -> {
                    CpuUsage usage = s.cpu() == null ? null : s.cpu().usage();
                    if (usage == null) {
                        return;
                    }
                    long[] per = perCpu ? usage.perCpuUsage() : null;
                    if (per == null || per.length == 0) {
                        // Upstream: the total only when the per-CPU array is empty (cgroup v2, percpu off).
                        if (usage.total() != 0) {
                            out.add(u(usage.total()) / NS, "total");
                        }
                        return;
                    }
                    for (int i = 0; i < per.length; i++) {
                        if (per[i] != 0) {
                            out.add(u(per[i]) / NS, i < CPU_LABELS.length ? CPU_LABELS[i] : cpuLabel(i));
                        }
                    }
                }));
        Predicate<ContainerSpec> quota = ContainerMetrics::hasQuota;
        t.add(cfs("container_cpu_cfs_periods_total", "Number of elapsed enforcement period intervals.", quota,
                f -> u(f.periods())));
        t.add(cfs("container_cpu_cfs_throttled_periods_total", "Number of throttled period intervals.", quota,
                f -> u(f.throttledPeriods())));
        t.add(cfs("container_cpu_cfs_throttled_seconds_total", "Total time duration the container has been throttled.",
                quota, f -> u(f.throttledTime()) / NS));
        t.add(cfs("container_cpu_cfs_burst_periods_total", "Number of periods when burst occurs.", quota,
                f -> u(f.burstsPeriods())));
        t.add(cfs("container_cpu_cfs_burst_seconds_total", "Total time duration the container has been bursted.",
                quota, f -> u(f.burstTime()) / NS));
    }

    private static ContainerFamily cpuUsage(String name, String help, ToLongFunction<CpuUsage> value) {
        return new ContainerFamily(name, help, true, List.of(), MetricKind.CPU, null, ContainerFamily.Stamp.STATS,
                null, (c, s, out) -> {
                    if (s.cpu() != null && s.cpu().usage() != null) {
                        out.add(u(value.applyAsLong(s.cpu().usage())) / NS);
                    }
                });
    }

    private static ContainerFamily cfs(String name, String help, Predicate<ContainerSpec> condition,
            ToDoubleFunction<CpuCfs> value) {
        return new ContainerFamily(name, help, true, List.of(), MetricKind.CPU, null, ContainerFamily.Stamp.STATS,
                condition, (c, s, out) -> {
                    if (s.cpu() != null) {
                        out.add(value.applyAsDouble(s.cpu().cfs() == null ? CpuCfs.ZERO : s.cpu().cfs()));
                    }
                });
    }

    // ---- sched (§5.3) ----

    private static void sched(List<ContainerFamily> t) {
        t.add(schedstat("container_cpu_schedstat_run_seconds_total",
                "Time duration the processes of the container have run on the CPU.", x -> u(x.runTime()) / NS));
        t.add(schedstat("container_cpu_schedstat_runqueue_seconds_total",
                "Time duration processes of the container have been waiting on a runqueue.",
                x -> u(x.runqueueTime()) / NS));
        t.add(schedstat("container_cpu_schedstat_run_periods_total",
                "Number of times processes of the cgroup have run on the cpu", x -> u(x.runPeriods())));
    }

    private static ContainerFamily schedstat(String name, String help, ToDoubleFunction<CpuSchedstat> value) {
        return new ContainerFamily(name, help, true, List.of(), MetricKind.SCHED, null, ContainerFamily.Stamp.STATS,
                null, (c, s, out) -> {
                    if (s.cpu() != null) {
                        CpuSchedstat x = s.cpu().schedstat();
                        out.add(value.applyAsDouble(x == null ? CpuSchedstat.ZERO : x));
                    }
                });
    }

    // ---- cpuLoad (§5.4) ----

    private static void cpuLoad(List<ContainerFamily> t) {
        t.add(group("container_cpu_load_average_10s", "Value of container cpu load average over the last 10 seconds.",
                false, MetricKind.CPU_LOAD, (c, s, out) -> {
                    if (s.cpu() != null) {
                        out.add(s.cpu().loadAverage());
                    }
                }));
        t.add(group("container_cpu_load_d_average_10s",
                "Value of container cpu load.d average over the last 10 seconds.", false, MetricKind.CPU_LOAD,
                (c, s, out) -> {
                    if (s.cpu() != null) {
                        out.add(s.cpu().loadDAverage());
                    }
                }));
        t.add(new ContainerFamily("container_tasks_state", "Number of tasks in given state", false, List.of("state"),
                MetricKind.CPU_LOAD, null, ContainerFamily.Stamp.STATS, null, (c, s, out) -> {
                    LoadStats l = s.taskStats() == null ? LoadStats.ZERO : s.taskStats();
                    out.add(u(l.nrSleeping()), TASK_STATES[0]);
                    out.add(u(l.nrRunning()), TASK_STATES[1]);
                    out.add(u(l.nrStopped()), TASK_STATES[2]);
                    out.add(u(l.nrUninterruptible()), TASK_STATES[3]);
                    out.add(u(l.nrIoWait()), TASK_STATES[4]);
                }));
    }

    // ---- hugetlb (§5.5) ----

    private static void hugetlb(List<ContainerFamily> t) {
        t.add(hugetlb("container_hugetlb_failcnt", "Number of hugepage usage hits limits", true, h -> u(h.failcnt())));
        t.add(hugetlb("container_hugetlb_usage_bytes", "Current hugepage usage in bytes", false, h -> u(h.usage())));
        t.add(hugetlb("container_hugetlb_max_usage_bytes", "Maximum hugepage usage recorded in bytes", false,
                h -> u(h.maxUsage())));
    }

    private static ContainerFamily hugetlb(String name, String help, boolean counter,
            ToDoubleFunction<HugetlbStats> value) {
        return new ContainerFamily(name, help, counter, List.of("pagesize"), MetricKind.HUGETLB, null,
                ContainerFamily.Stamp.STATS, null, (c, s, out) -> {
                    Map<String, HugetlbStats> pages = s.hugetlb();
                    if (pages == null || pages.isEmpty()) {
                        return;
                    }
                    for (Map.Entry<String, HugetlbStats> e : sorted(pages).entrySet()) {
                        out.add(value.applyAsDouble(e.getValue()), e.getKey());
                    }
                });
    }

    // ---- memory, cpuset, memory_numa (§5.6-5.8) ----

    private static void memory(List<ContainerFamily> t) {
        t.add(mem("container_memory_cache", "Number of bytes of page cache memory.", false, m -> u(m.cache())));
        t.add(mem("container_memory_rss", "Size of RSS in bytes.", false, m -> u(m.rss())));
        t.add(mem("container_memory_kernel_usage", "Size of kernel memory allocated in bytes.", false,
                m -> u(m.kernel())));
        t.add(mem("container_memory_mapped_file", "Size of memory mapped files in bytes.", false,
                m -> u(m.mappedFile())));
        t.add(mem("container_memory_swap", "Container swap usage in bytes.", false, m -> u(m.swap())));
        t.add(mem("container_memory_failcnt", "Number of memory usage hits limits", true, m -> u(m.failcnt())));
        t.add(mem("container_memory_usage_bytes",
                "Current memory usage in bytes, including all memory regardless of when it was accessed", false,
                m -> u(m.usage())));
        t.add(mem("container_memory_max_usage_bytes", "Maximum memory usage recorded in bytes", false,
                m -> u(m.maxUsage())));
        t.add(mem("container_memory_working_set_bytes", "Current working set in bytes.", false,
                m -> u(m.workingSet())));
        t.add(mem("container_memory_total_active_file_bytes", "Current total active file in bytes.", false,
                m -> u(m.totalActiveFile())));
        t.add(mem("container_memory_total_inactive_file_bytes", "Current total inactive file in bytes.", false,
                m -> u(m.totalInactiveFile())));
        t.add(new ContainerFamily("container_memory_failures_total", "Cumulative count of memory allocation failures.",
                true, List.of("failure_type", "scope"), MetricKind.MEMORY, null, ContainerFamily.Stamp.STATS, null,
                (c, s, out) -> {
                    MemoryStats m = s.memory();
                    if (m == null) {
                        return;
                    }
                    MemoryData own = m.containerData();
                    MemoryData all = m.hierarchicalData();
                    out.add(own == null ? 0 : u(own.pgfault()), FAILURES[0]);
                    out.add(own == null ? 0 : u(own.pgmajfault()), FAILURES[1]);
                    out.add(all == null ? 0 : u(all.pgfault()), FAILURES[2]);
                    out.add(all == null ? 0 : u(all.pgmajfault()), FAILURES[3]);
                }));
        t.add(mem("container_memory_events_high_total",
                "Cumulative count of memory.high throttle events for the container", true,
                m -> u((m.events() == null ? MemoryEvents.ZERO : m.events()).high())));
        t.add(mem("container_memory_events_max_total",
                "Cumulative count of memory.max limit hit events for the container", true,
                m -> u((m.events() == null ? MemoryEvents.ZERO : m.events()).max())));
        t.add(mem("container_memory_file_dirty_bytes",
                "Number of bytes of file cache that has been modified but not yet written back to disk.", false,
                m -> u(m.fileDirty())));
        t.add(mem("container_memory_file_writeback_bytes",
                "Number of bytes of file cache that is currently being written back to disk.", false,
                m -> u(m.fileWriteback())));
        t.add(mem("container_memory_pgscan_total", "Cumulative number of pages scanned by the page reclaim algorithm.",
                true, m -> u(m.pgscan())));
        t.add(mem("container_memory_pgsteal_total",
                "Cumulative number of pages reclaimed by the page reclaim algorithm.", true, m -> u(m.pgsteal())));
        t.add(mem("container_memory_workingset_refault_file_total",
                "Cumulative number of refaults of previously evicted file pages.", true,
                m -> u(m.workingsetRefaultFile())));
        t.add(mem("container_memory_workingset_refault_anon_total",
                "Cumulative number of refaults of previously evicted anonymous pages.", true,
                m -> u(m.workingsetRefaultAnon())));

        t.add(group("container_memory_migrate", "Memory migrate status.", false, MetricKind.CPUSET,
                (c, s, out) -> out.add(u((s.cpuset() == null ? CpuSetStats.ZERO : s.cpuset()).memoryMigrate()))));

        t.add(new ContainerFamily("container_memory_numa_pages", "Number of used pages per NUMA node", false,
                List.of("type", "scope", "node"), MetricKind.MEMORY_NUMA, null, ContainerFamily.Stamp.STATS, null,
                (c, s, out) -> {
                    MemoryStats m = s.memory();
                    if (m == null) {
                        return;
                    }
                    numa(m.containerData(), "container", out);
                    numa(m.hierarchicalData(), "hierarchy", out);
                }));
    }

    private static void numa(MemoryData data, String scope, SampleSink out) {
        MemoryNumaStats numa = data == null ? null : data.numaStats();
        if (numa == null) {
            return;
        }
        List<Map<Integer, Long>> byType = java.util.Arrays.asList(numa.file(), numa.anon(), numa.unevictable());
        for (int i = 0; i < NUMA_TYPES.length; i++) {
            Map<Integer, Long> pages = byType.get(i);
            if (pages == null) {
                continue;
            }
            for (Map.Entry<Integer, Long> e : sorted(pages).entrySet()) {
                out.add(u(e.getValue()), new String[] {NUMA_TYPES[i], scope, Integer.toString(e.getKey())});
            }
        }
    }

    private static ContainerFamily mem(String name, String help, boolean counter, ToDoubleFunction<MemoryStats> v) {
        return group(name, help, counter, MetricKind.MEMORY, (c, s, out) -> {
            if (s.memory() != null) {
                out.add(v.applyAsDouble(s.memory()));
            }
        });
    }

    // ---- disk (§5.9) ----

    private static void disk(List<ContainerFamily> t) {
        t.add(fs("container_fs_inodes_free", "Number of available Inodes", false, MetricKind.DISK,
                f -> u(f.inodesFree())));
        t.add(fs("container_fs_inodes_total", "Number of Inodes", false, MetricKind.DISK, f -> u(f.inodes())));
        t.add(fs("container_fs_limit_bytes",
                "Number of bytes that can be consumed by the container on this filesystem.", false, MetricKind.DISK,
                f -> u(f.capacity())));
        t.add(fs("container_fs_usage_bytes", "Number of bytes that are consumed by the container on this filesystem.",
                false, MetricKind.DISK, f -> u(f.usage())));
    }

    private static ContainerFamily fs(String name, String help, boolean counter, MetricKind kind,
            ToDoubleFunction<FsStats> value) {
        return new ContainerFamily(name, help, counter, List.of("device"), kind, null, ContainerFamily.Stamp.STATS,
                null, (c, s, out) -> fsValues(s, value, out));
    }

    private static void fsValues(ContainerStats s, ToDoubleFunction<FsStats> value, SampleSink out) {
        List<FsStats> filesystems = s.filesystem();
        if (filesystems == null) {
            return;
        }
        for (int i = 0; i < filesystems.size(); i++) {
            FsStats f = filesystems.get(i);
            out.add(value.applyAsDouble(f), f.device() == null ? "" : f.device());
        }
    }

    // ---- diskIO (§5.10) ----

    /** Which {@link DiskIoStats} list a family reads (source (a) of docs/metrics.md §5.10). */
    private enum IoList {
        SERVICE_BYTES, SERVICED, SECTORS, MERGED, SERVICE_TIME, QUEUED, COST_USAGE, COST_WAIT, COST_INDEBT,
        COST_INDELAY;

        List<PerDiskStats> of(DiskIoStats io) {
            return switch (this) {
                case SERVICE_BYTES -> io.ioServiceBytes();
                case SERVICED -> io.ioServiced();
                case SECTORS -> io.sectors();
                case MERGED -> io.ioMerged();
                case SERVICE_TIME -> io.ioServiceTime();
                case QUEUED -> io.ioQueued();
                case COST_USAGE -> io.ioCostUsage();
                case COST_WAIT -> io.ioCostWait();
                case COST_INDEBT -> io.ioCostIndebt();
                case COST_INDELAY -> io.ioCostIndelay();
            };
        }
    }

    private static void diskIo(List<ContainerFamily> t) {
        // The diskstats (b) times are milliseconds, divided by 1e9 like upstream (bug-compatible, §5.10 note).
        t.add(io("container_fs_reads_bytes_total", "Cumulative count of bytes read", IoList.SERVICE_BYTES, "Read", 1,
                null));
        t.add(io("container_fs_reads_total", "Cumulative count of reads completed", IoList.SERVICED, "Read", 1,
                f -> u(f.readsCompleted())));
        t.add(io("container_fs_sector_reads_total", "Cumulative count of sector reads completed", IoList.SECTORS,
                "Read", 1, f -> u(f.sectorsRead())));
        t.add(io("container_fs_reads_merged_total", "Cumulative count of reads merged", IoList.MERGED, "Read", 1,
                f -> u(f.readsMerged())));
        t.add(io("container_fs_read_seconds_total", "Cumulative count of seconds spent reading", IoList.SERVICE_TIME,
                "Read", NS, f -> u(f.readTime()) / NS));
        t.add(io("container_fs_writes_bytes_total", "Cumulative count of bytes written", IoList.SERVICE_BYTES, "Write",
                1, null));
        t.add(io("container_fs_writes_total", "Cumulative count of writes completed", IoList.SERVICED, "Write", 1,
                f -> u(f.writesCompleted())));
        t.add(io("container_fs_sector_writes_total", "Cumulative count of sector writes completed", IoList.SECTORS,
                "Write", 1, f -> u(f.sectorsWritten())));
        t.add(io("container_fs_writes_merged_total", "Cumulative count of writes merged", IoList.MERGED, "Write", 1,
                f -> u(f.writesMerged())));
        t.add(io("container_fs_write_seconds_total", "Cumulative count of seconds spent writing", IoList.SERVICE_TIME,
                "Write", NS, f -> u(f.writeTime()) / NS));
        t.add(io("container_fs_io_current", "Number of I/Os currently in progress", false, IoList.QUEUED, "Total", 1,
                f -> u(f.ioInProgress())));
        t.add(io("container_fs_io_time_seconds_total", "Cumulative count of seconds spent doing I/Os",
                IoList.SERVICE_TIME, "Total", NS, f -> u(f.ioTime()) / NS));
        // Upstream reads only the filesystem list here, even without blkio stats.
        t.add(fs("container_fs_io_time_weighted_seconds_total", "Cumulative weighted I/O time in seconds", true,
                MetricKind.DISK_IO, f -> u(f.weightedIoTime()) / NS));
        t.add(io("container_fs_io_cost_usage_seconds_total", "Cumulative IOCost usage in seconds", IoList.COST_USAGE,
                "Count", US, null));
        t.add(io("container_fs_io_cost_wait_seconds_total", "Cumulative IOCost wait in seconds", IoList.COST_WAIT,
                "Count", US, null));
        t.add(io("container_fs_io_cost_indebt_seconds_total", "Cumulative IOCost debt in seconds", IoList.COST_INDEBT,
                "Count", US, null));
        t.add(io("container_fs_io_cost_indelay_seconds_total", "Cumulative IOCost delay in seconds",
                IoList.COST_INDELAY, "Count", US, null));
        t.add(new ContainerFamily("container_blkio_device_usage_total", "Blkio Device bytes usage", true,
                List.of("device", "major", "minor", "operation"), MetricKind.DISK_IO, null,
                ContainerFamily.Stamp.STATS, null, (c, s, out) -> {
                    if (s.diskio() == null || s.diskio().ioServiceBytes() == null) {
                        return;
                    }
                    for (PerDiskStats d : s.diskio().ioServiceBytes()) {
                        if (d.stats() == null) {
                            continue;
                        }
                        String device = d.device() == null ? "" : d.device();
                        String major = Long.toString(d.major());
                        String minor = Long.toString(d.minor());
                        for (Map.Entry<String, Long> op : sorted(d.stats()).entrySet()) {
                            out.add(u(op.getValue()), new String[] {device, major, minor, op.getKey()});
                        }
                    }
                }));
    }

    private static ContainerFamily io(String name, String help, IoList list, String op, double divisor,
            ToDoubleFunction<FsStats> fsValue) {
        return io(name, help, true, list, op, divisor, fsValue);
    }

    /**
     * Source (a) per block device, then source (b) per filesystem. A device already written from (a)
     * is not written again from (b): the duplicate series would make the scrape invalid, and upstream's
     * registry drops the second one too (client_golang reports it and keeps the first).
     */
    private static ContainerFamily io(String name, String help, boolean counter, IoList list, String op,
            double divisor, ToDoubleFunction<FsStats> fsValue) {
        return new ContainerFamily(name, help, counter, List.of("device"), MetricKind.DISK_IO, null,
                ContainerFamily.Stamp.STATS, null, (c, s, out) -> {
                    DiskIoStats io = s.diskio();
                    if (io == null) {
                        return;
                    }
                    // Indexed loops and a plain array: the agent runs on C1, which allocates every iterator.
                    List<PerDiskStats> devices = list.of(io);
                    int count = devices == null ? 0 : devices.size();
                    String[] seen = count == 0 ? NO_DEVICES : new String[count];
                    int seenCount = 0;
                    for (int k = 0; k < count; k++) {
                        PerDiskStats d = devices.get(k);
                        String device = d.device() == null ? "" : d.device();
                        if (contains(seen, seenCount, device)) {
                            continue;
                        }
                        seen[seenCount++] = device;
                        Long v = d.stats() == null ? null : d.stats().get(op);
                        out.add(v == null ? 0 : u(v) / divisor, device);
                    }
                    List<FsStats> filesystems = fsValue == null ? null : s.filesystem();
                    if (filesystems != null) {
                        for (int k = 0; k < filesystems.size(); k++) {
                            FsStats f = filesystems.get(k);
                            String device = f.device() == null ? "" : f.device();
                            if (!contains(seen, seenCount, device)) {
                                out.add(fsValue.applyAsDouble(f), device);
                            }
                        }
                    }
                });
    }

    private static final String[] NO_DEVICES = {};

    private static boolean contains(String[] values, int count, String value) {
        for (int i = 0; i < count; i++) {
            if (values[i].equals(value)) {
                return true;
            }
        }
        return false;
    }

    // ---- network, tcp, advtcp, udp (§5.11-5.12) ----

    private static void network(List<ContainerFamily> t) {
        t.add(iface("container_network_receive_bytes_total", "Cumulative count of bytes received", i -> i.rxBytes()));
        t.add(iface("container_network_receive_packets_total", "Cumulative count of packets received",
                i -> i.rxPackets()));
        t.add(iface("container_network_receive_packets_dropped_total",
                "Cumulative count of packets dropped while receiving", i -> i.rxDropped()));
        t.add(iface("container_network_receive_errors_total", "Cumulative count of errors encountered while receiving",
                i -> i.rxErrors()));
        t.add(iface("container_network_transmit_bytes_total", "Cumulative count of bytes transmitted",
                i -> i.txBytes()));
        t.add(iface("container_network_transmit_packets_total", "Cumulative count of packets transmitted",
                i -> i.txPackets()));
        t.add(iface("container_network_transmit_packets_dropped_total",
                "Cumulative count of packets dropped while transmitting", i -> i.txDropped()));
        t.add(iface("container_network_transmit_errors_total",
                "Cumulative count of errors encountered while transmitting", i -> i.txErrors()));

        t.add(tcp("container_network_tcp_usage_total", "tcp connection usage statistic for container", false));
        t.add(tcp("container_network_tcp6_usage_total", "tcp6 connection usage statistic for container", true));
        t.add(new ContainerFamily("container_network_advance_tcp_stats_total",
                "advance tcp connections statistic for container", false, List.of("tcp_state"), MetricKind.ADVTCP,
                null, ContainerFamily.Stamp.STATS, null, (c, s, out) -> {
                    NetworkStats n = s.network();
                    if (n == null) {
                        return;
                    }
                    long[] values = new long[ADV_TCP.length];
                    if (n.tcpAdvanced() != null) {
                        for (Map.Entry<String, Long> e : n.tcpAdvanced().entrySet()) {
                            Integer i = ADV_TCP_INDEX.get(lower(e.getKey()));
                            if (i != null && e.getValue() != null) {
                                values[i] = e.getValue();
                            }
                        }
                    }
                    for (int i = 0; i < values.length; i++) {
                        // Upstream's fields are signed here (maxconn is -1), unlike the other counters.
                        out.add(values[i], ADV_TCP[i]);
                    }
                }));
        t.add(udp("container_network_udp6_usage_total", "udp6 connection usage statistic for container", true));
        t.add(udp("container_network_udp_usage_total", "udp connection usage statistic for container", false));
    }

    private static ContainerFamily iface(String name, String help, ToLongFunction<InterfaceStats> value) {
        return new ContainerFamily(name, help, true, List.of("interface"), MetricKind.NETWORK, null,
                ContainerFamily.Stamp.STATS, null, (c, s, out) -> {
                    NetworkStats n = s.network();
                    if (n == null || n.interfaces() == null) {
                        return;
                    }
                    List<InterfaceStats> interfaces = n.interfaces();
                    for (int k = 0; k < interfaces.size(); k++) {
                        InterfaceStats i = interfaces.get(k);
                        out.add(u(value.applyAsLong(i)), i.name() == null ? "" : i.name());
                    }
                });
    }

    private static ContainerFamily tcp(String name, String help, boolean v6) {
        return new ContainerFamily(name, help, false, List.of("tcp_state"), MetricKind.TCP, null,
                ContainerFamily.Stamp.STATS, null, (c, s, out) -> {
                    NetworkStats n = s.network();
                    if (n == null) {
                        return;
                    }
                    TcpStat x = v6 ? n.tcp6() : n.tcp();
                    if (x == null) {
                        x = TcpStat.ZERO;
                    }
                    long[] v = {x.established(), x.synSent(), x.synRecv(), x.finWait1(), x.finWait2(), x.timeWait(),
                        x.close(), x.closeWait(), x.lastAck(), x.listen(), x.closing()};
                    for (int i = 0; i < v.length; i++) {
                        out.add(u(v[i]), TCP_STATES[i]);
                    }
                });
    }

    private static ContainerFamily udp(String name, String help, boolean v6) {
        return new ContainerFamily(name, help, false, List.of("udp_state"), MetricKind.UDP, null,
                ContainerFamily.Stamp.STATS, null, (c, s, out) -> {
                    NetworkStats n = s.network();
                    if (n == null) {
                        return;
                    }
                    UdpStat x = v6 ? n.udp6() : n.udp();
                    if (x == null) {
                        x = UdpStat.ZERO;
                    }
                    out.add(u(x.listen()), UDP_STATES[0]);
                    out.add(u(x.dropped()), UDP_STATES[1]);
                    out.add(u(x.rxQueued()), UDP_STATES[2]);
                    out.add(u(x.txQueued()), UDP_STATES[3]);
                });
    }

    // ---- process (§5.13) ----

    private static void process(List<ContainerFamily> t) {
        t.add(proc("container_processes", "Number of processes running inside the container.",
                p -> u(p.processCount())));
        t.add(proc("container_file_descriptors", "Number of open file descriptors for the container.",
                p -> u(p.fdCount())));
        t.add(proc("container_sockets", "Number of open sockets for the container.", p -> u(p.socketCount())));
        t.add(proc("container_threads_max",
                "Maximum number of threads allowed inside the container, infinity if value is zero",
                p -> threadsMax(p.threadsMax())));
        t.add(proc("container_threads", "Number of threads running inside the container",
                p -> u(p.threadsCurrent())));
        t.add(new ContainerFamily("container_ulimits_soft",
                "Soft ulimit values for the container root process. Unlimited if -1, except priority and nice", false,
                List.of("ulimit"), MetricKind.PROCESS, null, ContainerFamily.Stamp.STATS, null, (c, s, out) -> {
                    ProcessStats p = s.processes();
                    if (p == null || p.ulimits() == null) {
                        return;
                    }
                    for (UlimitSpec l : p.ulimits()) {
                        out.add(l.softLimit(), l.name() == null ? "" : l.name());
                    }
                }));
    }

    /** {@code pids.max} {@code max} (2^64-1 in the model) means unlimited, which upstream writes as 0. */
    private static double threadsMax(long max) {
        return max == -1L ? 0 : u(max);
    }

    private static ContainerFamily proc(String name, String help, ToDoubleFunction<ProcessStats> value) {
        return group(name, help, false, MetricKind.PROCESS, (c, s, out) -> {
            if (s.processes() != null) {
                out.add(value.applyAsDouble(s.processes()));
            }
        });
    }

    // ---- resctrl (§5.15): one series per L3 monitoring domain, node_id = its index ----

    private static void resctrl(List<ContainerFamily> t) {
        t.add(rdt("container_memory_bandwidth_bytes",
                "Total memory bandwidth usage statistics for container counted with RDT Memory Bandwidth Monitoring (MBM).",
                r -> r.memoryBandwidth(), (ResctrlStats.MemoryBandwidthStats b) -> u(b.mbmTotalBytes())));
        t.add(rdt("container_memory_bandwidth_local_bytes",
                "Local memory bandwidth usage statistics for container counted with RDT Memory Bandwidth Monitoring (MBM).",
                r -> r.memoryBandwidth(), (ResctrlStats.MemoryBandwidthStats b) -> u(b.mbmLocalBytes())));
        // Upstream's help says MBM although llc_occupancy is CMT; kept verbatim.
        t.add(rdt("container_llc_occupancy_bytes",
                "Last level cache usage statistics for container counted with RDT Memory Bandwidth Monitoring (MBM).",
                r -> r.cache(), (ResctrlStats.CacheStats c) -> u(c.llcOccupancy())));
    }

    private static <T> ContainerFamily rdt(String name, String help,
            java.util.function.Function<ResctrlStats, List<T>> list, ToDoubleFunction<T> value) {
        return new ContainerFamily(name, help, false, List.of("node_id"), MetricKind.RESCTRL, null,
                ContainerFamily.Stamp.STATS, null, (c, s, out) -> {
                    List<T> domains = s.resctrl() == null ? null : list.apply(s.resctrl());
                    if (domains == null) {
                        return;
                    }
                    for (int i = 0; i < domains.size(); i++) {
                        out.add(value.applyAsDouble(domains.get(i)), Integer.toString(i));
                    }
                });
    }

    // ---- referenced_memory, oom_event, pressure (§5.15) ----

    private static void rest(List<ContainerFamily> t) {
        t.add(group("container_referenced_bytes", "Container referenced bytes during last measurements cycle", false,
                MetricKind.REFERENCED_MEMORY, (c, s, out) -> out.add(u(s.referencedMemory()))));
        t.add(group("container_oom_events_total", "Count of out of memory events observed for the container", true,
                MetricKind.OOM_EVENT, (c, s, out) -> out.add(u(s.oomEvents()))));
        t.add(psi("container_pressure_cpu_stalled_seconds_total",
                "Total time duration no tasks in the container could make progress due to CPU congestion.", null,
                s -> s.cpu() == null ? null : psiOf(s.cpu()), true));
        t.add(psi("container_pressure_cpu_waiting_seconds_total",
                "Total time duration tasks in the container have waited due to CPU congestion.", null,
                s -> s.cpu() == null ? null : psiOf(s.cpu()), false));
        t.add(psi("container_pressure_memory_stalled_seconds_total",
                "Total time duration no tasks in the container could make progress due to memory congestion.", null,
                s -> s.memory() == null ? null : psiOf(s.memory().psi()), true));
        t.add(psi("container_pressure_memory_waiting_seconds_total",
                "Total time duration tasks in the container have waited due to memory congestion.", null,
                s -> s.memory() == null ? null : psiOf(s.memory().psi()), false));
        t.add(psi("container_pressure_io_stalled_seconds_total",
                "Total time duration no tasks in the container could make progress due to IO congestion.",
                MetricKind.DISK_IO, s -> s.diskio() == null ? null : psiOf(s.diskio().psi()), true));
        t.add(psi("container_pressure_io_waiting_seconds_total",
                "Total time duration tasks in the container have waited due to IO congestion.", MetricKind.DISK_IO,
                s -> s.diskio() == null ? null : psiOf(s.diskio().psi()), false));
    }

    private static PsiStats psiOf(CpuStats cpu) {
        return psiOf(cpu.psi());
    }

    private static PsiStats psiOf(PsiStats psi) {
        return psi == null ? PsiStats.ZERO : psi;
    }

    private static ContainerFamily psi(String name, String help, MetricKind also,
            java.util.function.Function<ContainerStats, PsiStats> psi, boolean full) {
        return new ContainerFamily(name, help, true, List.of(), MetricKind.PRESSURE, also,
                ContainerFamily.Stamp.STATS, null, (c, s, out) -> {
                    PsiStats p = psi.apply(s);
                    if (p != null) {
                        PsiData d = full ? p.full() : p.some();
                        out.add(d == null ? 0 : u(d.total()) / US);
                    }
                });
    }

    // ---- helpers ----

    // ---- perf_event (§5.14) ----

    private static final List<String> PERF_LABELS = List.of("cpu", "event");
    private static final List<String> PERF_UNCORE_LABELS = List.of("socket", "event", "pmu");

    /**
     * Perf counters: per CPU with {@code cpu} = the plain CPU number when {@code percpu} is on;
     * otherwise one series per event with {@code cpu=""}, the values summed and the ratio the
     * lowest of the CPUs' (upstream's aggregation). Uncore per socket and PMU (root only, as only
     * {@code /} carries them).
     */
    private static void perf(List<ContainerFamily> t, boolean perCpu) {
        t.add(perfCore("container_perf_events_total", "Scaled counter of perf core event (event can be identified by "
                + "`event` label and `cpu` indicates the core for which event was measured).", true, perCpu));
        t.add(perfCore("container_perf_events_scaling_ratio", "Perf event metric scaling ratio (event can be "
                + "identified by `event` label and `cpu` indicates the core for which event was measured).", false,
                perCpu));
        t.add(perfUncore("container_perf_uncore_events_total", "Scaled counter of perf uncore event (event can be "
                + "identified by `event` label, `pmu` and `socket` indicates the socket for which event was "
                + "measured).", true));
        t.add(perfUncore("container_perf_uncore_events_scaling_ratio", "Perf uncore event metric scaling ratio (event "
                + "can be identified by `event` label, `pmu` and `socket` indicates the socket for which event was "
                + "measured).", false));
    }

    private static ContainerFamily perfCore(String name, String help, boolean counter, boolean perCpu) {
        return new ContainerFamily(name, help, counter, PERF_LABELS, MetricKind.PERF_EVENT, null,
                ContainerFamily.Stamp.STATS, null, (c, s, out) -> {
                    List<PerfStat> stats = s.perfStats();
                    if (stats == null || stats.isEmpty()) {
                        return;
                    }
                    if (perCpu) {
                        for (PerfStat p : stats) {
                            out.add(counter ? u(p.value()) : p.scalingRatio(),
                                    new String[] {Integer.toString(p.cpu()), p.name()});
                        }
                        return;
                    }
                    Map<String, double[]> byEvent = new LinkedHashMap<>();
                    for (PerfStat p : stats) {
                        double[] acc = byEvent.computeIfAbsent(p.name(), k -> new double[] {0, Double.MAX_VALUE});
                        acc[0] += u(p.value());
                        acc[1] = Math.min(acc[1], p.scalingRatio());
                    }
                    byEvent.forEach((event, acc) -> out.add(counter ? acc[0] : acc[1], new String[] {"", event}));
                });
    }

    private static ContainerFamily perfUncore(String name, String help, boolean counter) {
        return new ContainerFamily(name, help, counter, PERF_UNCORE_LABELS, MetricKind.PERF_EVENT, null,
                ContainerFamily.Stamp.STATS, null, (c, s, out) -> {
                    List<PerfUncoreStat> stats = s.perfUncoreStats();
                    if (stats == null) {
                        return;
                    }
                    for (PerfUncoreStat p : stats) {
                        out.add(counter ? u(p.value()) : p.scalingRatio(),
                                new String[] {Integer.toString(p.socket()), p.name(), p.pmu()});
                    }
                });
    }

    private static ContainerFamily group(String name, String help, boolean counter, MetricKind kind,
            ContainerFamily.Values values) {
        return new ContainerFamily(name, help, counter, List.of(), kind, null, ContainerFamily.Stamp.STATS, null,
                values);
    }

    private static ContainerFamily spec(String name, String help, Predicate<ContainerSpec> condition,
            ContainerFamily.Values values) {
        return new ContainerFamily(name, help, false, List.of(), null, null, ContainerFamily.Stamp.NONE, condition,
                values);
    }

    private static boolean hasQuota(ContainerSpec spec) {
        CpuSpec cpu = spec.cpu();
        return cpu != null && cpu.quota() != 0;
    }

    /** Upstream {@code specMemoryValue}: above 2^62 (unsigned) is "unlimited", written as 0. */
    static double memoryLimit(long limit) {
        return Long.compareUnsigned(limit, MAX_MEMORY) > 0 ? 0 : u(limit);
    }

    /** A uint64 held in a long, as a double. */
    static double u(long v) {
        if (v >= 0) {
            return v;
        }
        return ((v >>> 1) | (v & 1)) * 2.0;
    }

    static String cpuLabel(int index) {
        return index < 10 ? "cpu0" + index : "cpu" + index;
    }

    private static String lower(String key) {
        String l = LOWER.get(key);
        if (l == null) {
            l = key.toLowerCase(Locale.ROOT);
            if (LOWER.size() < 1024) {
                LOWER.put(key, l);
            }
        }
        return l;
    }

    /** Map keys in a stable order (Go ranges maps randomly; a sorted order keeps scrapes diffable). */
    private static <K extends Comparable<K>, V> Map<K, V> sorted(Map<K, V> map) {
        return map instanceof java.util.SortedMap || map.size() < 2 ? map : new TreeMap<>(map);
    }
}
