package io.jcadvisor.metrics;

import io.jcadvisor.info.v1.Cache;
import io.jcadvisor.info.v1.ContainerReference;
import io.jcadvisor.info.v1.ContainerSpec;
import io.jcadvisor.info.v1.ContainerStats;
import io.jcadvisor.info.v1.Core;
import io.jcadvisor.info.v1.CpuCfs;
import io.jcadvisor.info.v1.CpuSchedstat;
import io.jcadvisor.info.v1.CpuSetStats;
import io.jcadvisor.info.v1.CpuSpec;
import io.jcadvisor.info.v1.CpuStats;
import io.jcadvisor.info.v1.CpuUsage;
import io.jcadvisor.info.v1.DiskIoStats;
import io.jcadvisor.info.v1.FsStats;
import io.jcadvisor.info.v1.Health;
import io.jcadvisor.info.v1.HugePagesInfo;
import io.jcadvisor.info.v1.HugetlbStats;
import io.jcadvisor.info.v1.InterfaceStats;
import io.jcadvisor.info.v1.LoadStats;
import io.jcadvisor.info.v1.MachineInfo;
import io.jcadvisor.info.v1.MemoryData;
import io.jcadvisor.info.v1.MemoryEvents;
import io.jcadvisor.info.v1.MemoryInfo;
import io.jcadvisor.info.v1.MemoryNumaStats;
import io.jcadvisor.info.v1.MemorySpec;
import io.jcadvisor.info.v1.MemoryStats;
import io.jcadvisor.info.v1.NetworkStats;
import io.jcadvisor.info.v1.Node;
import io.jcadvisor.info.v1.NvmInfo;
import io.jcadvisor.info.v1.PerDiskStats;
import io.jcadvisor.info.v1.ProcessSpec;
import io.jcadvisor.info.v1.ProcessStats;
import io.jcadvisor.info.v1.PsiData;
import io.jcadvisor.info.v1.PsiStats;
import io.jcadvisor.info.v1.ResctrlStats;
import io.jcadvisor.info.v1.TcpStat;
import io.jcadvisor.info.v1.UdpStat;
import io.jcadvisor.info.v1.Uint64;
import io.jcadvisor.info.v1.UlimitSpec;
import io.jcadvisor.manager.ContainerSnapshot;
import io.jcadvisor.manager.ContainerSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A hand-written {@link ContainerSource} shaped like the 0.36 sample host: root {@code /} (cgroup v1
 * values, per-CPU usage, two filesystems, eth0), the Docker container {@code spec2-limited} (labels,
 * env, 0.5 CPU quota, 64 MiB limit, healthy), a raw cgroup {@code /system.slice} (v2-like: no per-CPU
 * array, unlimited memory, no network) and a just-discovered container without a sample (left out).
 * Timestamps are fixed; {@link #tick()} advances the CPU counters for rate() tests.
 */
final class MetricsFixture implements ContainerSource {
    /** Fixed contents: nothing to refresh. */
    @Override
    public void refreshOlderThan(java.util.Collection<String> names, java.time.Duration maxAge) {
    }


    static final String DOCKER_ID = "dedf0519a1f80cd8de128a822fc898cb0170d1f94aab0d473272ae50a565b9f7";
    static final Instant STATS_TIME = Instant.ofEpochMilli(1795732799806L);
    static final Instant SCRAPE_TIME = Instant.ofEpochMilli(1795732801077L);
    static final Instant MACHINE_TIME = Instant.ofEpochMilli(1795732700000L);
    /** v1 "unlimited" memory limit, 2^63 rounded down to the page. */
    static final long V1_UNLIMITED = 9223372036854771712L;

    private final AtomicLong ticks = new AtomicLong();
    private final boolean liveTime;

    MetricsFixture() {
        this(false);
    }

    /** @param liveTime stamp samples with the current time (real Prometheus rejects far-off timestamps) */
    MetricsFixture(boolean liveTime) {
        this.liveTime = liveTime;
    }

    /** Advances the CPU counters by 0.25 s per CPU. */
    void tick() {
        ticks.incrementAndGet();
    }

    /** The fixture's containers followed by {@code extra}, for a test that adds a few of its own. */
    static ContainerSource with(List<ContainerSnapshot> extra) {
        MetricsFixture fixture = new MetricsFixture();
        return source(fixture, () -> {
            List<ContainerSnapshot> all = new ArrayList<>(fixture.containers());
            all.addAll(extra);
            return all;
        });
    }

    /** Exactly {@code rows}, with the fixture's machine, for a test that picks its own containers. */
    static ContainerSource only(List<ContainerSnapshot> rows) {
        return source(new MetricsFixture(), () -> rows);
    }

    private static ContainerSource source(MetricsFixture machine, Supplier<List<ContainerSnapshot>> rows) {
        return new ContainerSource() {
            /** Fixed contents: nothing to refresh. */
            @Override
            public void refreshOlderThan(java.util.Collection<String> names, java.time.Duration maxAge) {
            }

            @Override
            public MachineInfo machineInfo() {
                return machine.machineInfo();
            }

            @Override
            public List<ContainerSnapshot> containers() {
                return rows.get();
            }
        };
    }

    @Override
    public MachineInfo machineInfo() {
        Cache l1d = new Cache(0, 32768, "Data", 1);
        Cache l1i = new Cache(0, 32768, "Instruction", 1);
        Cache l2 = new Cache(0, 524288, "Unified", 2);
        Cache l3 = new Cache(0, 33554432, "Unified", 3);
        List<Node> topology = List.of(new Node(0, 25276502016L, List.of(new HugePagesInfo(2048, 0),
                new HugePagesInfo(1048576, 0)),
                List.of(new Core(0, List.of(0), List.of(l1d, l1i, l2), null, 0, 0, 0),
                        new Core(1, List.of(1), List.of(l1d, l1i, l2), null, 0, 0, 0)),
                List.of(l3), List.of(10L)));
        return new MachineInfo(MACHINE_TIME, "AuthenticAMD", 2, 2, 1, 0, 0, 2994374, 25276502016L, 0,
                Map.of("Unbuffered-DDR4", new MemoryInfo(25769803776L, 2)), NvmInfo.NONE,
                List.of(new HugePagesInfo(2048, 0)), "4c4c4544004d3510804ac4c04f565631",
                "4C4C4544-004D-3510-804A-C4C04F565631", "f1f0fb6c-3d0e-4b9e-8a5c-4b2f4f1b7b59", List.of(), Map.of(),
                List.of(), topology, "Unknown", "Unknown", "None");
    }

    @Override
    public List<ContainerSnapshot> containers() {
        long extra = ticks.get() * 250_000_000L;
        Instant stamp = liveTime ? Instant.now() : STATS_TIME;
        List<ContainerSnapshot> all = new ArrayList<>();
        all.add(root(stamp, extra));
        all.add(docker(stamp, extra));
        all.add(new ContainerSnapshot(new ContainerReference("new", "/docker/new", List.of("just-created", "new"),
                "docker"), spec(Instant.parse("2026-11-26T23:59:59Z"), null, false, null, null, Map.of(), ""),
                Map.of(), null));
        all.add(raw(stamp, extra));
        return all;
    }

    private static ContainerSnapshot root(Instant stamp, long extra) {
        ContainerSpec spec = spec(Instant.parse("2026-11-26T08:00:00Z"), null, true, new CpuSpec(1024, 0, "0-1", 0,
                100000), new MemorySpec(25276502016L, V1_UNLIMITED, 0), Map.of(), "");
        CpuStats cpu = new CpuStats(new CpuUsage(60_500_000_000L + 2 * extra,
                new long[] {30_250_000_000L + extra, 30_250_000_000L + extra}, 41_000_000_000L, 17_500_000_000L),
                CpuCfs.ZERO, new CpuSchedstat(0, 0, 0), 0, 0, PsiStats.ZERO);
        MemoryStats memory = new MemoryStats(3_221_225_472L, 4_294_967_296L, 1_073_741_824L, 1_610_612_736L, 0,
                268_435_456L, 536_870_912L, 268_435_456L, 2_952_790_016L, 0, 0, 0, 0, 0, 0, 0, 33_554_432L,
                new MemoryData(123456, 78, numa()), new MemoryData(123456, 78, numa()), PsiStats.ZERO, MemoryEvents.ZERO);
        DiskIoStats io = new DiskIoStats(
                List.of(new PerDiskStats("/dev/vda", 254, 0, ordered("Read", 1_048_576L, "Write", 2_097_152L,
                        "Sync", 3_145_728L, "Async", 0L, "Discard", 0L, "Total", 3_145_728L))),
                List.of(new PerDiskStats("/dev/vda", 254, 0, ordered("Read", 40L, "Write", 25L, "Total", 65L))),
                List.of(new PerDiskStats("/dev/vda", 254, 0, ordered("Read", 0L, "Write", 0L, "Total", 1L))),
                List.of(), List.of(new PerDiskStats("/dev/vda", 254, 0, ordered("Read", 1_500_000_000L, "Write",
                        500_000_000L, "Total", 2_000_000_000L))),
                List.of(), List.of(), List.of(), cost(1_500_000L), cost(250_000L), cost(0L), cost(10_000L),
                PsiStats.ZERO);
        List<FsStats> fs = List.of(
                new FsStats("/dev/vda", "vfs", 270553174016L, 120000000000L, 0, 150553174016L, true, 16777216,
                        15000000, 1000, 10, 8000, 1200, 2000, 20, 16000, 3400, 0, 4500, 9000),
                new FsStats("shm", "vfs", 67108864, 0, 0, 67108864, true, 3081000, 3080999, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                        0, 0));
        NetworkStats net = NetworkStats.of(List.of(new InterfaceStats("eth0", 987654321, 654321, 0, 3, 123456789,
                321654, 0, 0)), new TcpStat(5, 0, 0, 0, 0, 2, 0, 0, 0, 4, 0), TcpStat.ZERO,
                new UdpStat(2, 0, 0, 0), UdpStat.ZERO, Map.of());
        ProcessStats procs = new ProcessStats(1, 120, 12, 0, 0, List.of(new UlimitSpec("max_open_files", 1048576,
                1048576)));
        ContainerStats stats = new ContainerStats(stamp, cpu, io, memory, hugepages(), net, fs, LoadStats.ZERO, procs, 0,
                ResctrlStats.EMPTY, CpuSetStats.ZERO, 0, Health.NONE);
        return new ContainerSnapshot(ContainerReference.of("/"), spec, Map.of(), stats);
    }

    /** Intel RDT counters of the Docker container over two L3 domains (group {@code resctrl}). */
    static final ResctrlStats RESCTRL = new ResctrlStats(
            List.of(new ResctrlStats.MemoryBandwidthStats(3096457216L, 2048000000L),
                    new ResctrlStats.MemoryBandwidthStats(1245184000L, 0)),
            List.of(new ResctrlStats.CacheStats(1441792), new ResctrlStats.CacheStats(983040)));

    private static ContainerSnapshot docker(Instant stamp, long extra) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app", "demo");
        labels.put("com.example.tier", "web");
        ContainerSpec spec = spec(Instant.ofEpochSecond(1795732777), Instant.ofEpochMilli(1795732777500L),
                true, new CpuSpec(1024, 0, "0-1", 50000, 100000), new MemorySpec(67108864L, V1_UNLIMITED, 134217728L),
                Map.of("foo", "bar"), "local/busybox:latest");
        CpuStats cpu = new CpuStats(new CpuUsage(2_172_699_690L + 2 * extra,
                new long[] {755_882_604L + extra, 1_416_817_086L + extra}, 2_150_000_000L, 10_000_000L),
                new CpuCfs(77, 33, 1_355_558_517L, 0, 0), new CpuSchedstat(2_163_766_985L, 1_594_983_916L, 1103), 0,
                0, PsiStats.ZERO);
        MemoryStats memory = new MemoryStats(1_146_880, 1_470_464, 0, 106_496, 0, 0, 0, 0, 1_146_880, 0, 0, 0, 0, 0,
                0, 0, 782_336, new MemoryData(1188, 0, null), new MemoryData(1188, 0, null), PsiStats.ZERO,
                MemoryEvents.ZERO);
        List<FsStats> fs = List.of(new FsStats("/dev/vda", "vfs", 270553174016L, 40960, 40960, 0, true, 1, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0));
        NetworkStats net = NetworkStats.of(List.of(new InterfaceStats("eth0", 1086, 13, 0, 0, 0, 0, 0, 0)),
                TcpStat.ZERO, TcpStat.ZERO, UdpStat.ZERO, UdpStat.ZERO, Map.of());
        ProcessStats procs = new ProcessStats(2, 6, 0, 2, Uint64.MAX, List.of(new UlimitSpec("max_open_files", 20000,
                20000)));
        ContainerStats stats = new ContainerStats(stamp, cpu, DiskIoStats.EMPTY, memory, Map.of(), net, fs,
                LoadStats.ZERO, procs, 0, RESCTRL, CpuSetStats.ZERO, 1, new Health("healthy"));
        return new ContainerSnapshot(new ContainerReference(DOCKER_ID, "/docker/" + DOCKER_ID,
                List.of("spec2-limited", DOCKER_ID), "docker"), spec, labels, stats);
    }

    private static ContainerSnapshot raw(Instant stamp, long extra) {
        ContainerSpec spec = spec(Instant.parse("2026-11-26T08:00:05Z"), null, true, new CpuSpec(100, 0, "0-1", 0,
                100000), new MemorySpec(Uint64.MAX, 0, Uint64.MAX), Map.of(), "");
        CpuStats cpu = new CpuStats(new CpuUsage(900_000_000_000L + extra, null, 600_000_000_000L, 300_000_000_000L),
                CpuCfs.ZERO, CpuSchedstat.ZERO, 0, 0,
                new PsiStats(new PsiData(1_500_000, 0, 0, 0), new PsiData(2_500_000, 0.5, 0.25, 0.1)));
        MemoryStats memory = new MemoryStats(805_306_368L, 0, 268_435_456L, 402_653_184L, 0, 67_108_864L, 134_217_728L,
                67_108_864L, 738_197_504L, 0, 4096, 0, 1000, 900, 12, 3, 0, new MemoryData(5000, 10, null),
                new MemoryData(5000, 10, null), new PsiStats(new PsiData(0, 0, 0, 0), new PsiData(250_000, 0, 0, 0)),
                new MemoryEvents(2, 1));
        ContainerStats stats = new ContainerStats(stamp, cpu, DiskIoStats.EMPTY, memory, Map.of(), null, List.of(),
                LoadStats.ZERO, null, 0, ResctrlStats.EMPTY, CpuSetStats.ZERO, 0, Health.NONE);
        return new ContainerSnapshot(ContainerReference.of("/system.slice"), spec, Map.of(), stats);
    }

    /** Small memory stats for extra test containers. */
    static MemoryStats memory() {
        return new MemoryStats(4096, 4096, 0, 4096, 0, 0, 0, 0, 4096, 0, 0, 0, 0, 0, 0, 0, 0,
                new MemoryData(1, 0, null), new MemoryData(1, 0, null), PsiStats.ZERO, MemoryEvents.ZERO);
    }

    static ContainerSpec spec(Instant created, Instant started, boolean limits, CpuSpec cpu, MemorySpec memory,
            Map<String, String> envs, String image) {
        return new ContainerSpec(created, started, Map.of(), envs, limits, cpu, limits, memory, false, true, true,
                ProcessSpec.NONE, true, true, false, List.of(), image);
    }

    /** An io.cost counter of /dev/vda in microseconds. */
    static List<PerDiskStats> cost(long micros) {
        return List.of(new PerDiskStats("/dev/vda", 254, 0, Map.of("Count", micros)));
    }

    static Map<String, Long> ordered(Object... kv) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (Long) kv[i + 1]);
        }
        return m;
    }

    /** Root data of groups that are off by default (hugetlb, memory_numa). */
    static Map<String, HugetlbStats> hugepages() {
        return Map.of("2MB", new HugetlbStats(4194304, 6291456, 1), "1GB", new HugetlbStats(0, 0, 0));
    }

    static MemoryNumaStats numa() {
        return new MemoryNumaStats(Map.of(0, 100L), Map.of(0, 200L), Map.of(0, 0L));
    }
}
