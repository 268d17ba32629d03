package io.jcadvisor.metrics;

import io.jcadvisor.info.v1.ContainerReference;
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
import io.jcadvisor.info.v1.Health;
import io.jcadvisor.info.v1.InterfaceStats;
import io.jcadvisor.info.v1.LoadStats;
import io.jcadvisor.info.v1.MachineInfo;
import io.jcadvisor.info.v1.MemoryData;
import io.jcadvisor.info.v1.MemoryEvents;
import io.jcadvisor.info.v1.MemorySpec;
import io.jcadvisor.info.v1.MemoryStats;
import io.jcadvisor.info.v1.NetworkStats;
import io.jcadvisor.info.v1.NvmInfo;
import io.jcadvisor.info.v1.PerDiskStats;
import io.jcadvisor.info.v1.ProcessSpec;
import io.jcadvisor.info.v1.ProcessStats;
import io.jcadvisor.info.v1.PsiStats;
import io.jcadvisor.info.v1.ResctrlStats;
import io.jcadvisor.info.v1.TcpStat;
import io.jcadvisor.info.v1.UdpStat;
import io.jcadvisor.info.v1.UlimitSpec;
import io.jcadvisor.manager.ContainerSnapshot;
import io.jcadvisor.manager.ContainerSource;
import io.quarkus.arc.profile.IfBuildProfile;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Benchmark-only source (built in only with {@code -Dquarkus.profile=bench}): {@code
 * jcadvisor.bench.containers} Kubernetes-like Docker containers (10 labels, 2 envs, 2 CPUs, one disk,
 * one filesystem, one interface) under a root, for measuring {@code /metrics} without a host full of
 * containers. Values advance with every call, like a live manager's cache.
 */
@IfBuildProfile("bench")
@Alternative
@Priority(10)
@ApplicationScoped
public class SyntheticContainerSource implements ContainerSource {
    /** Fixed contents: nothing to refresh. */
    @Override
    public void refreshOlderThan(java.util.Collection<String> names, java.time.Duration maxAge) {
    }


    private final int count;
    private final int labelCount;
    private long calls;

    /**
     * @param count  containers besides the root
     * @param labels runtime labels per container, 0-10 (Kubernetes-like; 10 is a typical kubelet set)
     */
    public SyntheticContainerSource(@ConfigProperty(name = "jcadvisor.bench.containers", defaultValue = "100")
            int count, @ConfigProperty(name = "jcadvisor.bench.labels", defaultValue = "10") int labels) {
        this.count = count;
        this.labelCount = Math.max(0, Math.min(10, labels));
    }

    @Override
    public MachineInfo machineInfo() {
        return new MachineInfo(Instant.now(), "bench", 2, 2, 1, 0, 0, 3000000, 8L << 30, 0, Map.of(), NvmInfo.NONE,
                List.of(), "bench-machine", "bench-uuid", "bench-boot", List.of(), Map.of(), List.of(), List.of(), "",
                "", "");
    }

    @Override
    public synchronized List<ContainerSnapshot> containers() {
        long n = ++calls;
        Instant now = Instant.now();
        List<ContainerSnapshot> all = new ArrayList<>(count + 1);
        all.add(container("/", null, n, now, 0, 0));
        for (int i = 0; i < count; i++) {
            all.add(container(String.format("/kubepods/burstable/pod%08d/%064x", i, i), "c" + i, n, now, i,
                    labelCount));
        }
        return all;
    }

    private static ContainerSnapshot container(String name, String alias, long n, Instant now, int i,
            int labelCount) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (alias != null) {
            labels.put("io.kubernetes.container.name", "app-" + i);
            labels.put("io.kubernetes.pod.name", "app-" + i + "-7c9d8f6b5-x2x4z");
            labels.put("io.kubernetes.pod.namespace", "ns-" + (i % 7));
            labels.put("io.kubernetes.pod.uid", String.format("%08d-0000-4000-8000-000000000000", i));
            labels.put("io.kubernetes.container.restartCount", "0");
            labels.put("io.kubernetes.container.hash", Integer.toHexString(i * 7919));
            labels.put("annotation.io.kubernetes.container.terminationMessagePath", "/dev/termination-log");
            labels.put("annotation.io.kubernetes.container.terminationMessagePolicy", "File");
            labels.put("app.kubernetes.io/name", "app-" + (i % 13));
            labels.put("restartcount", "0");
            labels.keySet().retainAll(labels.keySet().stream().limit(labelCount).toList());
        }
        ContainerSpec spec = new ContainerSpec(Instant.ofEpochSecond(1_700_000_000L + i), null, labels,
                alias == null ? Map.of() : Map.of("app_env", "prod", "app_region", "eu-" + (i % 3)), true,
                new CpuSpec(1024, 0, "0-1", alias == null ? 0 : 50000, 100000), true,
                new MemorySpec(alias == null ? 8L << 30 : 256L << 20, Long.MAX_VALUE, 0), false, alias != null, true,
                ProcessSpec.NONE, true, true, false, List.of(), alias == null ? "" : "registry.local/app:" + (i % 5));
        long t = n * 10_000_000L + i;
        CpuStats cpu = new CpuStats(new CpuUsage(2 * t, new long[] {t, t}, t, t / 2), new CpuCfs(n, n / 3, t / 4, 0,
                0), CpuSchedstat.ZERO, 0, 0, PsiStats.ZERO);
        MemoryStats memory = new MemoryStats(100_000_000L + i, 120_000_000L, 10_000_000L, 80_000_000L, 0, 1_000_000L,
                5_000_000L, 5_000_000L, 95_000_000L + i, 0, 0, 0, 0, 0, 0, 0, 0, new MemoryData(n * 10, n, null),
                new MemoryData(n * 10, n, null), PsiStats.ZERO, MemoryEvents.ZERO);
        DiskIoStats io = new DiskIoStats(
                List.of(new PerDiskStats("/dev/vda", 254, 0, Map.of("Read", n * 4096, "Write", n * 8192, "Total",
                        n * 12288))),
                List.of(new PerDiskStats("/dev/vda", 254, 0, Map.of("Read", n, "Write", 2 * n, "Total", 3 * n))),
                List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                List.of(), PsiStats.ZERO);
        List<FsStats> fs = List.of(new FsStats("/dev/vda", "vfs", 100L << 30, 10L << 20, 10L << 20, 0, true, 10, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        NetworkStats net = NetworkStats.of(List.of(new InterfaceStats("eth0", n * 1000, n, 0, 0, n * 500, n, 0, 0)),
                TcpStat.ZERO, TcpStat.ZERO, UdpStat.ZERO, UdpStat.ZERO, Map.of());
        ContainerStats stats = new ContainerStats(now, cpu, io, memory, Map.of(), net, fs, LoadStats.ZERO,
                new ProcessStats(1, 10, 1, 2, 0, List.of(new UlimitSpec("max_open_files", 1048576, 1048576))), 0,
                ResctrlStats.EMPTY, CpuSetStats.ZERO, 0, Health.NONE);
        List<String> aliases = alias == null ? List.of() : List.of(alias, name.substring(name.lastIndexOf('/') + 1));
        return new ContainerSnapshot(new ContainerReference(alias == null ? null : name.substring(name.lastIndexOf('/')
                + 1), name, aliases, alias == null ? null : "docker"), spec, labels, stats);
    }
}
