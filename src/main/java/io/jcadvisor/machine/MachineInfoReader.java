package io.jcadvisor.machine;

import io.jcadvisor.config.CadvisorConfig;
import io.jcadvisor.fs.Partitions;
import io.jcadvisor.fs.RootFsStatsSource;
import io.jcadvisor.host.HostFacts;
import io.jcadvisor.host.HostFs;
import io.jcadvisor.info.v1.DiskInfo;
import io.jcadvisor.info.v1.FsInfo;
import io.jcadvisor.info.v1.FsStats;
import io.jcadvisor.info.v1.MachineInfo;
import io.jcadvisor.info.v1.MemoryInfo;
import io.jcadvisor.info.v1.NetInfo;
import io.jcadvisor.info.v1.NvmInfo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Builds {@link MachineInfo} from the host (docs/data-sources.md §6), every read through {@link HostFs}:
 * {@code /proc/cpuinfo}, {@code /proc/meminfo}, {@code /sys/devices/system/{cpu,node}} (via
 * {@link TopologyReader}), EDAC, hugepages, machine-id/boot-id files, DMI, {@code /sys/block},
 * {@code /sys/class/net} and the filesystem layer. Each call reads afresh and also re-reads the
 * mount table ({@link Partitions#refresh()}), since the manager calls it every
 * {@code cadvisor.machine.update-interval}.
 *
 * <p>Upstream fails the whole read on some missing files (a NIC without {@code address}); here a
 * missing or garbage value degrades to its zero value and the rest is still reported.
 */
@ApplicationScoped
public class MachineInfoReader implements MachineInfoSource {

    private static final List<String> IGNORED_NET_PREFIXES = List.of("lo", "veth", "docker", "nerdctl");
    private static final List<String> IGNORED_DISK_PREFIXES = List.of("loop", "ram", "sr");

    private final HostFs hostFs;
    private final HostFacts facts;
    private final List<String> machineIdFiles;
    private final List<String> bootIdFiles;
    private final Partitions partitions;
    private final RootFsStatsSource rootFsStats;
    private final Clock clock;
    private final String arch;

    @Inject
    public MachineInfoReader(HostFs hostFs, HostFacts facts, CadvisorConfig config, Partitions partitions,
            RootFsStatsSource rootFsStats, Clock clock) {
        this(hostFs, facts, config.machine().machineIdFile(), config.machine().bootIdFile(), partitions, rootFsStats, clock,
                System.getProperty("os.arch", ""));
    }

    /** With the facts of the host under {@code hostFs} read anew: for a test on a fixture tree. */
    public MachineInfoReader(HostFs hostFs, List<String> machineIdFiles, List<String> bootIdFiles,
            Partitions partitions, RootFsStatsSource rootFsStats, Clock clock, String arch) {
        this(hostFs, new HostFacts(hostFs), machineIdFiles, bootIdFiles, partitions, rootFsStats, clock, arch);
    }

    /**
     * @param facts          the host's cpuinfo and meminfo
     * @param machineIdFiles candidate machine-id files, first readable wins
     * @param bootIdFiles    candidate boot-id files
     * @param arch           {@code os.arch} of the host: on arm, s390x, mips64 and riscv64 cpuinfo's
     *                       clock is not the max frequency, so upstream reports 0 without cpufreq
     */
    public MachineInfoReader(HostFs hostFs, HostFacts facts, List<String> machineIdFiles, List<String> bootIdFiles,
            Partitions partitions, RootFsStatsSource rootFsStats, Clock clock, String arch) {
        this.hostFs = hostFs;
        this.facts = facts;
        this.machineIdFiles = List.copyOf(machineIdFiles);
        this.bootIdFiles = List.copyOf(bootIdFiles);
        this.partitions = partitions;
        this.rootFsStats = rootFsStats;
        this.clock = clock;
        this.arch = arch;
    }

    @Override
    public MachineInfo read() {
        CpuInfo cpu = CpuInfoParser.parse(facts.cpuInfo());
        MemInfo mem = MemInfoParser.parse(facts.memInfoLines());
        Topology topology = new TopologyReader(hostFs).read();
        partitions.refresh();
        CloudInfo cloud = cloud();
        return new MachineInfo(
                clock.instant(),
                cpu.vendorId().orElse(""),
                topology.numCores(),
                cpu.physicalCores() > 0 ? cpu.physicalCores() : topology.physicalCores(),
                cpu.sockets() > 0 ? cpu.sockets() : topology.sockets(),
                cpu.books() > 0 ? cpu.books() : topology.books(),
                cpu.drawers() > 0 ? cpu.drawers() : topology.drawers(),
                cpuFrequencyKhz(cpu),
                mem.bytes("MemTotal").orElse(0),
                mem.bytes("SwapTotal").orElse(0),
                memoryByType(),
                NvmInfo.NONE,
                TopologyReader.hugePages(hostFs, "/sys/kernel/mm/hugepages"),
                firstReadable(machineIdFiles).orElse(""),
                systemUuid(),
                firstReadable(bootIdFiles).orElse(""),
                filesystems(),
                diskMap(),
                networkDevices(),
                topology.nodes(),
                cloud.provider(),
                cloud.instanceType(),
                cloud.instanceId());
    }

    /**
     * cpufreq's {@code cpuinfo_max_freq} (kHz) of cpu0; else the first cpuinfo clock × 1000,
     * truncated as upstream's float conversion does; 0 on architectures whose cpuinfo clock means
     * something else.
     */
    long cpuFrequencyKhz(CpuInfo cpu) {
        OptionalLong max = hostFs.readString("/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq")
                .map(SysfsParser::unsignedValue).orElse(OptionalLong.empty());
        if (max.isPresent()) {
            return max.getAsLong();
        }
        if (arch.startsWith("arm") || arch.startsWith("aarch64") || arch.startsWith("s390")
                || arch.startsWith("mips64") || arch.startsWith("riscv64")) {
            return 0;
        }
        return cpu.firstMhz().isPresent() ? (long) (cpu.firstMhz().getAsDouble() * 1000) : 0;
    }

    /** First of the files that is readable and not blank, trimmed. */
    private Optional<String> firstReadable(List<String> files) {
        for (String file : files) {
            Optional<String> value = hostFs.readString(file).map(String::trim).filter(s -> !s.isEmpty());
            if (value.isPresent()) {
                return value;
            }
        }
        return Optional.empty();
    }

    /**
     * DMI product UUID; else the device tree's {@code system-id} or {@code vm,uuid} (POWER); else
     * {@code /etc/machine-id}. Device-tree strings end in NUL, which is stripped.
     */
    String systemUuid() {
        return firstReadable(List.of("/sys/class/dmi/id/product_uuid", "/proc/device-tree/system-id",
                "/proc/device-tree/vm,uuid", "/etc/machine-id"))
                .map(s -> s.replace("\0", "").trim()).orElse("");
    }

    /** EDAC DIMMs ({@code mc<N>/dimm<M>/dimm_mem_type} and {@code size} in MiB), summed per memory type. */
    Map<String, MemoryInfo> memoryByType() {
        String edac = "/sys/devices/system/edac/mc";
        Map<String, long[]> byType = new TreeMap<>();
        for (String mc : hostFs.list(edac)) {
            if (SysfsParser.indexAfter(mc, "mc") < 0) {
                continue;
            }
            for (String dimm : hostFs.list(edac + "/" + mc)) {
                if (SysfsParser.indexAfter(dimm, "dimm") < 0) {
                    continue;
                }
                String dir = edac + "/" + mc + "/" + dimm + "/";
                Optional<String> type = hostFs.readString(dir + "dimm_mem_type").map(String::trim)
                        .filter(s -> !s.isEmpty());
                OptionalLong mib = hostFs.readString(dir + "size").map(SysfsParser::unsignedValue)
                        .orElse(OptionalLong.empty());
                if (type.isPresent() && mib.isPresent()) {
                    long[] sum = byType.computeIfAbsent(type.get(), k -> new long[2]);
                    sum[0] += mib.getAsLong() * 1024 * 1024;
                    sum[1]++;
                }
            }
        }
        Map<String, MemoryInfo> result = new LinkedHashMap<>();
        byType.forEach((type, sum) -> result.put(type, new MemoryInfo(sum[0], sum[1])));
        return result;
    }

    private List<FsInfo> filesystems() {
        List<FsInfo> filesystems = new ArrayList<>();
        for (FsStats fs : rootFsStats.rootFsStats()) {
            filesystems.add(new FsInfo(fs.device(), fs.capacity(), fs.type(), fs.inodes(), fs.hasInodes()));
        }
        return filesystems;
    }

    /**
     * {@code /sys/block/*} keyed {@code major:minor}, without loop, ram and sr devices and those
     * whose {@code hidden} is 1 (NVMe multipath paths); size is {@code size} sectors × 512.
     */
    Map<String, DiskInfo> diskMap() {
        return diskMap(hostFs);
    }

    /** The disk map of {@link #diskMap()}, also read by {@link MachineDeviceNamer}. */
    static Map<String, DiskInfo> diskMap(HostFs hostFs) {
        Map<String, DiskInfo> disks = new LinkedHashMap<>();
        for (String name : hostFs.list("/sys/block")) {
            if (IGNORED_DISK_PREFIXES.stream().anyMatch(name::startsWith)) {
                continue;
            }
            String dir = "/sys/block/" + name + "/";
            if (hostFs.readString(dir + "hidden").map(String::trim).filter("1"::equals).isPresent()) {
                continue;
            }
            Optional<long[]> dev = hostFs.readString(dir + "dev").flatMap(SysfsParser::majorMinor);
            if (dev.isEmpty()) {
                continue;
            }
            long sectors = hostFs.readString(dir + "size").map(SysfsParser::unsignedValue)
                    .orElse(OptionalLong.empty()).orElse(0);
            String scheduler = hostFs.readString(dir + "queue/scheduler").map(SysfsParser::scheduler).orElse("none");
            long major = dev.get()[0];
            long minor = dev.get()[1];
            disks.put(major + ":" + minor, new DiskInfo(name, major, minor, sectors * 512, scheduler));
        }
        return disks;
    }

    /**
     * {@code /sys/class/net/*} that are directories (or links to them), except loopback, veth,
     * docker and nerdctl bridges; speed in Mbit/s as the kernel writes it ({@code -1} unknown),
     * 0 when unreadable (a link that is down answers EINVAL).
     */
    List<NetInfo> networkDevices() {
        List<NetInfo> devices = new ArrayList<>();
        for (String name : hostFs.list("/sys/class/net")) {
            if (IGNORED_NET_PREFIXES.stream().anyMatch(name::startsWith)
                    || !hostFs.isDirectory("/sys/class/net/" + name)) {
                continue;
            }
            String dir = "/sys/class/net/" + name + "/";
            String mac = hostFs.readString(dir + "address").map(String::trim).orElse("");
            long mtu = hostFs.readString(dir + "mtu").map(SysfsParser::longValue).orElse(OptionalLong.empty())
                    .orElse(0);
            long speed = hostFs.readString(dir + "speed").map(SysfsParser::longValue).orElse(OptionalLong.empty())
                    .orElse(0);
            devices.add(new NetInfo(name, mac, speed, mtu));
        }
        return devices;
    }

    CloudInfo cloud() {
        String dmi = "/sys/class/dmi/id/";
        return CloudParser.detect(
                hostFs.readString(dmi + "sys_vendor").orElse(""),
                hostFs.readString(dmi + "product_name").orElse(""),
                hostFs.readString(dmi + "bios_vendor").orElse(""),
                hostFs.readString(dmi + "board_vendor").orElse(""),
                hostFs.readString(dmi + "board_asset_tag").orElse(""));
    }
}
