package io.jcadvisor.info.v2;

import io.jcadvisor.info.v1.CpuCfs;
import io.jcadvisor.info.v1.CpuSchedstat;
import io.jcadvisor.info.v1.CpuStats;
import io.jcadvisor.info.v1.CpuUsage;
import io.jcadvisor.info.v1.DiskIoStats;
import io.jcadvisor.info.v1.FsStats;
import io.jcadvisor.info.v1.InterfaceStats;
import io.jcadvisor.info.v1.LoadStats;
import io.jcadvisor.info.v1.MachineInfo;
import io.jcadvisor.info.v1.MemoryData;
import io.jcadvisor.info.v1.MemoryEvents;
import io.jcadvisor.info.v1.MemorySpec;
import io.jcadvisor.info.v1.MemoryStats;
import io.jcadvisor.info.v1.ContainerReference;
import io.jcadvisor.info.v1.ProcessSpec;
import io.jcadvisor.info.v1.ProcessStats;
import io.jcadvisor.info.v1.PsiStats;
import io.jcadvisor.info.v1.ResctrlStats;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Pure conversions of the v1 model into the v2 JSON shapes, with upstream's quirks kept (each
 * method says which). No I/O; the API resources feed them what the manager returned.
 */
public final class V2Conversions {

    /** What upstream writes for a section the v1 sample lacks but the v2.0 shape always carries. */
    static final CpuStats ZERO_CPU = new CpuStats(new CpuUsage(0, new long[0], 0, 0), CpuCfs.ZERO,
            CpuSchedstat.ZERO, 0, 0, PsiStats.ZERO);
    static final MemoryStats ZERO_MEMORY = new MemoryStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            new MemoryData(0, 0, null), new MemoryData(0, 0, null), PsiStats.ZERO, MemoryEvents.ZERO);
    static final ProcessStats ZERO_PROCESSES = new ProcessStats(0, 0, 0, 0, 0, List.of());

    private V2Conversions() {
    }

    /**
     * Per sample, its CPU rate ({@link #instCpuStats}) against the previous sample that has CPU
     * figures; null for the first such sample and for a sample without them (or all, when the spec
     * has no CPU), as upstream pairs the samples of its v2 stats and machine stats.
     */
    private static List<CpuInstStats> cpuRates(boolean hasCpu, List<io.jcadvisor.info.v1.ContainerStats> samples) {
        List<CpuInstStats> rates = new ArrayList<>(samples.size());
        io.jcadvisor.info.v1.ContainerStats last = null;
        for (io.jcadvisor.info.v1.ContainerStats s : samples) {
            CpuInstStats rate = null;
            if (hasCpu && s.cpu() != null) {
                rate = instCpuStats(last, s);
                last = s;
            }
            rates.add(rate);
        }
        return rates;
    }

    /**
     * The rate of the cumulative CPU counters from {@code last} to {@code cur}, in nanocores
     * ({@code (cur - last) / Δt_ns × 1e9}) for total, user, system and each CPU.
     *
     * @return null when there is no previous sample, the timestamps do not increase, the number
     *         of CPUs differs, or a counter decreased (a restarted cgroup): no rate can be told
     */
    public static CpuInstStats instCpuStats(io.jcadvisor.info.v1.ContainerStats last,
            io.jcadvisor.info.v1.ContainerStats cur) {
        if (last == null || cur == null || last.cpu() == null || cur.cpu() == null) {
            return null;
        }
        long deltaNs = Duration.between(last.timestamp(), cur.timestamp()).toNanos();
        if (deltaNs <= 0) {
            return null;
        }
        CpuUsage a = last.cpu().usage();
        CpuUsage b = cur.cpu().usage();
        long[] perA = a.perCpuUsage() == null ? new long[0] : a.perCpuUsage();
        long[] perB = b.perCpuUsage() == null ? new long[0] : b.perCpuUsage();
        if (perA.length != perB.length) {
            return null;
        }
        long total = rate(a.total(), b.total(), deltaNs);
        long user = rate(a.user(), b.user(), deltaNs);
        long system = rate(a.system(), b.system(), deltaNs);
        if (total < 0 || user < 0 || system < 0) {
            return null;
        }
        long[] perCpu = new long[perB.length];
        for (int i = 0; i < perB.length; i++) {
            perCpu[i] = rate(perA[i], perB[i], deltaNs);
            if (perCpu[i] < 0) {
                return null;
            }
        }
        return new CpuInstStats(new CpuInstUsage(total, perCpu, user, system));
    }

    /** Rate of an unsigned counter in units per second, or -1 when it went down. */
    private static long rate(long previous, long current, long deltaNs) {
        if (Long.compareUnsigned(current, previous) < 0) {
            return -1;
        }
        long delta = current - previous;
        double unsignedDelta = delta >= 0 ? delta : (double) (delta >>> 1) * 2.0;
        return (long) (unsignedDelta / deltaNs * 1e9);
    }

    /**
     * v1 samples into upstream's v2.0 {@code DeprecatedContainerStats}, oldest first. Quirks kept:
     * {@code has_processes}/{@code has_load} are false and their sections zero; {@code network}
     * carries only the interface list. Sections the spec lacks, or the sample misses, are zeros
     * (upstream dereferences a missing {@code diskio} and fails; zeros are what it means).
     */
    public static DeprecatedStatsList deprecatedStats(io.jcadvisor.info.v1.ContainerSpec spec,
            List<io.jcadvisor.info.v1.ContainerStats> samples) {
        List<DeprecatedContainerStats> result = new ArrayList<>(samples.size());
        io.jcadvisor.info.v1.ContainerStats[] derivedFrom = new io.jcadvisor.info.v1.ContainerStats[samples.size()];
        io.jcadvisor.info.v1.ContainerStats last = null;
        for (io.jcadvisor.info.v1.ContainerStats s : samples) {
            CpuStats cpu = ZERO_CPU;
            CpuInstStats cpuInst = null;
            if (spec.hasCpu() && s.cpu() != null) {
                derivedFrom[result.size()] = last;
                cpu = s.cpu();
                cpuInst = instCpuStats(last, s);
                last = s;
            }
            MemoryStats memory = spec.hasMemory() && s.memory() != null ? s.memory() : ZERO_MEMORY;
            DiskIoStats diskio = spec.hasDiskio() && s.diskio() != null ? s.diskio() : DiskIoStats.EMPTY;
            List<InterfaceStats> interfaces = spec.hasNetwork() && s.network() != null
                    && s.network().interfaces() != null ? s.network().interfaces() : List.of();
            result.add(new DeprecatedContainerStats(
                    s.timestamp(),
                    spec.hasCpu(), cpu, cpuInst,
                    spec.hasDiskio(), diskio,
                    spec.hasMemory(), memory,
                    spec.hasHugetlb(), spec.hasHugetlb() ? s.hugetlb() : null,
                    spec.hasNetwork(), NetworkStats.interfacesOnly(interfaces),
                    false, ZERO_PROCESSES,
                    spec.hasFilesystem(), spec.hasFilesystem() ? s.filesystem() : null,
                    false, LoadStats.ZERO,
                    spec.hasCustomMetrics(),
                    spec.hasCustomMetrics() ? s.customMetrics() : null,
                    s.perfStats(),
                    s.perfUncoreStats(),
                    s.referencedMemory(),
                    s.resctrl() == null ? ResctrlStats.EMPTY : s.resctrl()));
        }
        return new DeprecatedStatsList(result, samples, form(spec), derivedFrom);
    }

    /** The spec's {@code has_*} flags that shape a v2.0 sample, as bits. */
    private static long form(io.jcadvisor.info.v1.ContainerSpec spec) {
        return (spec.hasCpu() ? 1 : 0) | (spec.hasMemory() ? 2 : 0) | (spec.hasDiskio() ? 4 : 0)
                | (spec.hasHugetlb() ? 8 : 0) | (spec.hasNetwork() ? 16 : 0) | (spec.hasFilesystem() ? 32 : 0)
                | (spec.hasCustomMetrics() ? 64 : 0);
    }

    /**
     * v1 samples into upstream's v2.1 {@code ContainerStats}, oldest first: a section only when
     * the spec has it; {@code network} with interfaces and the TCP tables (UDP and advanced TCP
     * zero, as upstream); {@code filesystem} only when the sample has exactly one entry.
     */
    public static List<ContainerStats> containerStats(io.jcadvisor.info.v1.ContainerSpec spec,
            List<io.jcadvisor.info.v1.ContainerStats> samples) {
        List<ContainerStats> result = new ArrayList<>(samples.size());
        List<CpuInstStats> rates = cpuRates(spec.hasCpu(), samples);
        for (int i = 0; i < samples.size(); i++) {
            io.jcadvisor.info.v1.ContainerStats s = samples.get(i);
            CpuStats cpu = spec.hasCpu() ? s.cpu() : null;
            CpuInstStats cpuInst = rates.get(i);
            Map<String, io.jcadvisor.info.v1.HugetlbStats> hugetlb = null;
            if (spec.hasHugetlb()) {
                hugetlb = s.hugetlb() == null ? Map.of() : s.hugetlb();
            }
            FilesystemStats fs = null;
            if (spec.hasFilesystem() && s.filesystem() != null && s.filesystem().size() == 1) {
                FsStats only = s.filesystem().get(0);
                fs = new FilesystemStats(only.usage(), only.baseUsage(), only.inodes());
            }
            result.add(new ContainerStats(
                    s.timestamp(),
                    cpu,
                    cpuInst,
                    spec.hasDiskio() ? (s.diskio() == null ? DiskIoStats.EMPTY : s.diskio()) : null,
                    spec.hasMemory() ? (s.memory() == null ? ZERO_MEMORY : s.memory()) : null,
                    hugetlb,
                    spec.hasNetwork() ? network(s.network()) : null,
                    spec.hasProcesses() ? (s.processes() == null ? ZERO_PROCESSES : s.processes()) : null,
                    fs,
                    spec.hasCustomMetrics() ? s.customMetrics() : null,
                    s.perfStats(),
                    s.perfUncoreStats(),
                    s.referencedMemory(),
                    s.resctrl() == null ? ResctrlStats.EMPTY : s.resctrl()));
        }
        return result;
    }

    private static NetworkStats network(io.jcadvisor.info.v1.NetworkStats v1) {
        if (v1 == null) {
            return NetworkStats.interfacesAndTcp(List.of(), null, null);
        }
        return NetworkStats.interfacesAndTcp(v1.interfaces() == null ? List.of() : v1.interfaces(), v1.tcp(),
                v1.tcp6());
    }

    /**
     * The v2 spec of a container: identity from its reference, {@code cpu} reduced to shares,
     * max limit and mask (upstream drops quota and period), {@code processes} always {@code {}}
     * (upstream does not copy the pids limit).
     */
    public static ContainerSpec containerSpec(ContainerReference reference, io.jcadvisor.info.v1.ContainerSpec spec) {
        io.jcadvisor.info.v1.CpuSpec cpu = spec.cpu();
        CpuSpec v2cpu = cpu == null ? new CpuSpec(0, 0, null) : new CpuSpec(cpu.limit(), cpu.maxLimit(), cpu.mask());
        return new ContainerSpec(
                spec.creationTime(),
                spec.startTime() == null ? io.jcadvisor.info.v1.ContainerSpec.ZERO_TIME : spec.startTime(),
                reference.aliases(),
                reference.namespace(),
                spec.labels(),
                spec.envs(),
                spec.hasCpu(), v2cpu,
                spec.hasMemory(), spec.memory() == null ? new MemorySpec(0, 0, 0) : spec.memory(),
                spec.hasHugetlb(),
                spec.hasCustomMetrics(), spec.customMetrics(),
                spec.hasProcesses(), ProcessSpec.NONE,
                spec.hasNetwork(),
                spec.hasFilesystem(),
                spec.hasDiskio(),
                spec.image());
    }

    /**
     * The spec as upstream shows it to clients: a memory limit of exactly 0 (none reported) becomes
     * the machine's memory capacity in bytes; the unlimited sentinels pass through unchanged.
     */
    public static io.jcadvisor.info.v1.ContainerSpec withMachineMemoryLimit(io.jcadvisor.info.v1.ContainerSpec spec,
            long machineMemoryBytes) {
        MemorySpec memory = spec.memory();
        if (memory != null && memory.limit() != 0) {
            return spec;
        }
        MemorySpec adjusted = memory == null ? new MemorySpec(machineMemoryBytes, 0, 0)
                : new MemorySpec(machineMemoryBytes, memory.reservation(), memory.swapLimit());
        return new io.jcadvisor.info.v1.ContainerSpec(spec.creationTime(), spec.startTime(), spec.labels(),
                spec.envs(), spec.hasCpu(), spec.cpu(), spec.hasMemory(), adjusted, spec.hasHugetlb(),
                spec.hasNetwork(), spec.hasProcesses(), spec.processes(), spec.hasFilesystem(), spec.hasDiskio(),
                spec.hasCustomMetrics(), spec.customMetrics(), spec.image());
    }

    /**
     * Root samples into upstream's {@code MachineStats}, oldest first: cpu (+ rate), memory,
     * network (interfaces and TCP tables), and filesystems with their disk counters under
     * {@code "inline"}, durations converted from ms to ns.
     */
    public static List<MachineStats> machineStats(io.jcadvisor.info.v1.ContainerSpec rootSpec,
            List<io.jcadvisor.info.v1.ContainerStats> samples) {
        List<MachineStats> result = new ArrayList<>(samples.size());
        List<CpuInstStats> rates = cpuRates(rootSpec.hasCpu(), samples);
        for (int i = 0; i < samples.size(); i++) {
            io.jcadvisor.info.v1.ContainerStats s = samples.get(i);
            CpuStats cpu = rootSpec.hasCpu() ? s.cpu() : null;
            CpuInstStats cpuInst = rates.get(i);
            List<MachineFsStats> fs = null;
            if (rootSpec.hasFilesystem() && s.filesystem() != null) {
                fs = s.filesystem().stream().map(V2Conversions::machineFsStats).toList();
            }
            result.add(new MachineStats(
                    s.timestamp(),
                    cpu,
                    cpuInst,
                    rootSpec.hasMemory() ? (s.memory() == null ? ZERO_MEMORY : s.memory()) : null,
                    rootSpec.hasNetwork() ? network(s.network()) : null,
                    fs));
        }
        return result;
    }

    /** One machine filesystem: sizes in bytes, free inodes only when the fs has inodes, ms → ns. */
    public static MachineFsStats machineFsStats(FsStats fs) {
        DiskStats disk = new DiskStats(
                fs.readsCompleted(), fs.readsMerged(), fs.sectorsRead(), msToNs(fs.readTime()),
                fs.writesCompleted(), fs.writesMerged(), fs.sectorsWritten(), msToNs(fs.writeTime()),
                fs.ioInProgress(), msToNs(fs.ioTime()), msToNs(fs.weightedIoTime()));
        return new MachineFsStats(fs.device() == null ? "" : fs.device(), fs.type() == null ? "" : fs.type(),
                fs.capacity(), fs.usage(), fs.available(), fs.hasInodes() ? fs.inodesFree() : null, disk);
    }

    private static long msToNs(long ms) {
        return ms * 1_000_000L;
    }

    /**
     * Upstream's {@code Attributes}: the version strings (empty when unknown) and a subset of the
     * machine info, copied as is.
     */
    public static Attributes attributes(MachineInfo machine, String kernelVersion, String containerOsVersion,
            String dockerVersion, String dockerApiVersion, String agentVersion) {
        return new Attributes(kernelVersion, containerOsVersion, dockerVersion, dockerApiVersion, agentVersion,
                machine.numCores(), machine.cpuFrequencyKhz(), machine.memoryCapacity(), machine.machineId(),
                machine.systemUuid(), machine.hugepages(), machine.filesystems(), machine.diskMap(),
                machine.networkDevices(), machine.topology(), machine.cloudProvider(), machine.instanceType());
    }
}
