package io.jcadvisor.api;

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
import io.jcadvisor.info.v1.DiskInfo;
import io.jcadvisor.info.v1.DiskIoStats;
import io.jcadvisor.info.v1.FsInfo;
import io.jcadvisor.info.v1.FsStats;
import io.jcadvisor.info.v1.Health;
import io.jcadvisor.info.v1.HugePagesInfo;
import io.jcadvisor.info.v1.InterfaceStats;
import io.jcadvisor.info.v1.LoadStats;
import io.jcadvisor.info.v1.MachineInfo;
import io.jcadvisor.info.v1.MemoryData;
import io.jcadvisor.info.v1.MemoryEvents;
import io.jcadvisor.info.v1.MemorySpec;
import io.jcadvisor.info.v1.MemoryStats;
import io.jcadvisor.info.v1.NetInfo;
import io.jcadvisor.info.v1.NetworkStats;
import io.jcadvisor.info.v1.Node;
import io.jcadvisor.info.v1.NvmInfo;
import io.jcadvisor.info.v1.ProcessSpec;
import io.jcadvisor.info.v1.ProcessStats;
import io.jcadvisor.info.v1.PsiStats;
import io.jcadvisor.info.v1.ResctrlStats;
import io.jcadvisor.info.v1.TcpStat;
import io.jcadvisor.info.v1.UdpStat;
import io.jcadvisor.manager.ContainerSnapshot;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Fixed containers and samples for the API tests: {@code /}, {@code /docker},
 * {@code /docker/<id>} (aliases {@code web} and the id, namespace docker) and {@code /system.slice}
 * (no samples, no memory limit). Values are small and round so expected rates are easy to check.
 */
public final class ApiFixture {

    public static final String ID = "b7071d5c9d4f4a8e8f0e2c3b1a29384756de0f1a2b3c4d5e6f708192a3b4c5d6";
    public static final String DOCKER_NAME = "/docker/" + ID;
    public static final Instant T0 = Instant.parse("2026-11-26T22:38:54.280183765Z");
    public static final Instant CREATED = Instant.parse("2026-11-26T22:38:31.175293639Z");
    public static final long MACHINE_MEMORY = 8_589_934_592L;
    /** cgroup v1's page-rounded "unlimited" (upstream passes it through). */
    public static final long V1_UNLIMITED = 9_223_372_036_854_771_712L;

    private ApiFixture() {
    }

    public static MachineInfo machineInfo() {
        Cache l1 = new Cache(0, 32768, "Data", 1);
        Cache l3 = new Cache(0, 8388608, "Unified", 3);
        Core core0 = new Core(0, List.of(0), List.of(l1), null, 0, 0, 0);
        Core core1 = new Core(1, List.of(1), List.of(l1), null, 0, 0, 0);
        return new MachineInfo(T0, "GenuineIntel", 2, 2, 1, 0, 0, 2_596_124L, MACHINE_MEMORY, 0L, Map.of(),
                new NvmInfo(0, 0, 0),
                List.of(new HugePagesInfo(1048576, 0), new HugePagesInfo(2048, 0)),
                "3d12ab", "3d12ab-uuid", "d0ed-boot",
                List.of(new FsInfo("/dev/vda1", 270_553_174_016L, "vfs", 16_777_216L, true)),
                Map.of("254:0", new DiskInfo("vda", 254, 0, 274_877_906_944L, "mq-deadline")),
                List.of(new NetInfo("eth0", "02:fc:00:00:00:01", -1, 1400)),
                List.of(new Node(0, MACHINE_MEMORY, List.of(new HugePagesInfo(2048, 0)), List.of(core0, core1),
                        List.of(l3), List.of(10L))),
                "Unknown", "Unknown", "None");
    }

    static ContainerSpec spec(boolean cpu, boolean memory, MemorySpec memorySpec, CpuSpec cpuSpec, boolean processes,
            boolean network, boolean filesystem, boolean diskio, Map<String, String> labels, String image) {
        return new ContainerSpec(CREATED, ContainerSpec.ZERO_TIME, labels, Map.of(), cpu, cpuSpec, memory, memorySpec,
                false, network, processes, processes ? new ProcessSpec(1024) : ProcessSpec.NONE, filesystem, diskio,
                false, List.of(), image);
    }

    public static ContainerSnapshot root() {
        ContainerSpec spec = spec(true, true, new MemorySpec(MACHINE_MEMORY, 0, 0), new CpuSpec(1024, 0, "0-1", 0, 0),
                false, true, true, true, Map.of(), null);
        List<ContainerStats> samples = rootSamples();
        return new ContainerSnapshot(ContainerReference.of("/"), spec, Map.of(), samples.get(samples.size() - 1));
    }

    public static ContainerSnapshot dockerParent() {
        ContainerSpec spec = spec(true, true, new MemorySpec(V1_UNLIMITED, 0, 0), new CpuSpec(1024, 0, null, 0, 0),
                false, false, false, false, Map.of(), null);
        return new ContainerSnapshot(ContainerReference.of("/docker"), spec, Map.of(), null);
    }

    public static ContainerSnapshot dockerContainer() {
        ContainerSpec spec = spec(true, true, new MemorySpec(67_108_864L, V1_UNLIMITED, 134_217_728L),
                new CpuSpec(1024, 0, "0-1", 50000, 100000), true, true, true, true, Map.of("team", "spec"),
                "local/busybox:latest");
        ContainerReference ref = new ContainerReference(ID, DOCKER_NAME, List.of("web", ID), "docker");
        List<ContainerStats> samples = dockerSamples();
        return new ContainerSnapshot(ref, spec, Map.of("team", "spec"), samples.get(samples.size() - 1));
    }

    public static ContainerSnapshot systemSlice() {
        ContainerSpec spec = spec(true, true, new MemorySpec(0, 0, 0), new CpuSpec(1024, 0, null, 0, 0), false, false,
                false, false, Map.of(), null);
        return new ContainerSnapshot(ContainerReference.of("/system.slice"), spec, Map.of(), null);
    }

    public static List<ContainerSnapshot> all() {
        return List.of(root(), dockerParent(), dockerContainer(), systemSlice());
    }

    static CpuStats cpu(long total, long user, long system, long... perCpu) {
        return new CpuStats(new CpuUsage(total, perCpu, user, system), new CpuCfs(3, 0, 0, 0, 0), CpuSchedstat.ZERO,
                0, 0, PsiStats.ZERO);
    }

    static MemoryStats memory(long usage, long workingSet) {
        return new MemoryStats(usage, usage, 0, 49152, 0, 0, 0, 0, workingSet, 0, 0, 0, 0, 0, 0, 0, 0,
                new MemoryData(1144, 0, null), new MemoryData(1144, 0, null), PsiStats.ZERO, MemoryEvents.ZERO);
    }

    static NetworkStats network(long rx, long tx) {
        List<InterfaceStats> ifs = List.of(new InterfaceStats("eth0", rx, 9, 0, 0, tx, 3, 0, 0));
        return NetworkStats.of(ifs, new TcpStat(1, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0), TcpStat.ZERO, UdpStat.ZERO,
                UdpStat.ZERO, Map.of());
    }

    static FsStats rootFs(long usage) {
        return new FsStats("/dev/vda1", "vfs", 270_553_174_016L, usage, 0, 83_587_469_312L, true, 16_777_216L,
                16_343_469L, 40233, 7491, 2573818, 9993, 30198, 22206, 4699032, 13996, 0, 6524, 24508);
    }

    static FsStats overlayFs() {
        return new FsStats("overlay_0-39", "", 0, 0, 0, 0, false, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    static ContainerStats sample(Instant t, CpuStats cpu, MemoryStats memory, NetworkStats network,
            List<FsStats> fs, ProcessStats processes) {
        return new ContainerStats(t, cpu, DiskIoStats.EMPTY, memory, Map.of(), network, fs, LoadStats.ZERO, processes,
                0, ResctrlStats.EMPTY, CpuSetStats.ZERO, 0, Health.NONE);
    }

    public static List<ContainerStats> rootSamples() {
        return List.of(
                sample(T0, cpu(10_000_000_000L, 6_000_000_000L, 4_000_000_000L, 5_000_000_000L, 5_000_000_000L),
                        memory(1_000_000_000L, 800_000_000L), network(1000, 500),
                        List.of(rootFs(25_356_824_576L), overlayFs()), null),
                sample(T0.plusSeconds(1),
                        cpu(11_000_000_000L, 6_600_000_000L, 4_400_000_000L, 5_400_000_000L, 5_600_000_000L),
                        memory(1_000_100_000L, 800_100_000L), network(2000, 900),
                        List.of(rootFs(25_356_828_672L), overlayFs()), null));
    }

    public static List<ContainerStats> dockerSamples() {
        ProcessStats processes = new ProcessStats(2, 7, 1, 0, 0, List.of());
        FsStats fs = new FsStats("/dev/vda1", "vfs", 270_553_174_016L, 40960, 4096, 0, false, 1, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0);
        return List.of(
                sample(T0, cpu(18_047_959, 10_000_000, 0, 6_902_390, 11_145_569), memory(323584, 323584),
                        network(766, 0), List.of(fs), processes),
                sample(T0.plusSeconds(1), cpu(518_047_959, 260_000_000, 10_000_000, 256_902_390, 261_145_569),
                        memory(327680, 327680), network(1532, 100), List.of(fs), processes),
                sample(T0.plusSeconds(2), cpu(768_047_959, 380_000_000, 20_000_000, 381_902_390, 386_145_569),
                        memory(331776, 331776), network(2298, 200), List.of(fs), processes));
    }
}
