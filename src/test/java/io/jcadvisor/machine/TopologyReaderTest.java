package io.jcadvisor.machine;

import io.jcadvisor.fs.InodeCountsReader;
import io.jcadvisor.fs.Partitions;
import io.jcadvisor.fs.RootFsStats;
import io.jcadvisor.host.HostFs;
import io.jcadvisor.info.v1.Cache;
import io.jcadvisor.info.v1.Core;
import io.jcadvisor.info.v1.MachineInfo;
import io.jcadvisor.info.v1.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Topology edge cases over small hand-built sysfs trees. */
class TopologyReaderTest {

    @TempDir
    Path root;

    private void write(String hostPath, String text) throws IOException {
        Path file = root.resolve(hostPath.substring(1));
        Files.createDirectories(file.getParent());
        Files.writeString(file, text + "\n");
    }

    private void cpu(int cpu, int core, int pkg) throws IOException {
        String dir = "/sys/devices/system/cpu/cpu" + cpu + "/topology/";
        write(dir + "core_id", String.valueOf(core));
        write(dir + "physical_package_id", String.valueOf(pkg));
    }

    private void cache(int cpu, int index, int id, String size, int level, String type, String mask)
            throws IOException {
        String dir = "/sys/devices/system/cpu/cpu" + cpu + "/cache/index" + index + "/";
        write(dir + "id", String.valueOf(id));
        write(dir + "size", size);
        write(dir + "level", String.valueOf(level));
        write(dir + "type", type);
        write(dir + "shared_cpu_map", mask);
    }

    @Test
    void hyperthreadsShareACoreAndCachesAreSortedByWhoSharesThem() throws IOException {
        // 4 CPUs on one node: cores (0: cpu0,cpu2) and (1: cpu1,cpu3); L3 of cpu0 shared by all four,
        // an L3 of cpu1 shared by cpu1 and cpu3 only (uncore), and an L2 shared by one CPU (ignored).
        write("/sys/devices/system/cpu/online", "0-3");
        write("/sys/devices/system/node/node0/cpulist", "0-3");
        write("/sys/devices/system/node/node0/distance", "10");
        cpu(0, 0, 0);
        cpu(1, 1, 0);
        cpu(2, 0, 0);
        cpu(3, 1, 0);
        cache(0, 0, 0, "32K", 1, "Data", "5");
        cache(0, 1, 0, "1024K", 2, "Unified", "1");
        cache(0, 2, 0, "8192K", 3, "Unified", "f");
        cache(1, 0, 1, "32K", 1, "Data", "a");
        cache(1, 1, 1, "4096K", 3, "Unified", "a");

        Topology topology = new TopologyReader(new HostFs(root)).read();

        assertThat(topology.numCores()).isEqualTo(4);
        assertThat(topology.physicalCores()).isEqualTo(2);
        assertThat(topology.sockets()).isEqualTo(1);
        Node node = topology.nodes().get(0);
        assertThat(node.cores()).containsExactly(
                new Core(0, List.of(0, 2), List.of(new Cache(0, 32768, "Data", 1)), null, 0, 0, 0),
                new Core(1, List.of(1, 3), List.of(new Cache(1, 32768, "Data", 1)),
                        List.of(new Cache(1, 4096L * 1024, "Unified", 3)), 0, 0, 0));
        assertThat(node.caches()).containsExactly(new Cache(0, 8192L * 1024, "Unified", 3));
    }

    @Test
    void offlineCpusAreLeftOutAndNodeLinksWinOverCpulist() throws IOException {
        write("/sys/devices/system/cpu/online", "0");
        cpu(0, 0, 0);
        cpu(1, 1, 0);
        Files.createDirectories(root.resolve("sys/devices/system/node/node0"));
        Files.createSymbolicLink(root.resolve("sys/devices/system/node/node0/cpu0"), Path.of("../../cpu/cpu0"));
        Files.createSymbolicLink(root.resolve("sys/devices/system/node/node0/cpu1"), Path.of("../../cpu/cpu1"));
        write("/sys/devices/system/node/node0/cpulist", "garbage");

        Topology topology = new TopologyReader(new HostFs(root)).read();

        assertThat(topology.numCores()).isEqualTo(1);
        assertThat(topology.nodes().get(0).cores()).extracting(Core::threadIds).containsExactly(List.of(0));
    }

    @Test
    void withoutNodeDirsEachPackageIsANode() throws IOException {
        // No "online" file: every CPU counts.
        cpu(0, 0, 0);
        cpu(1, 0, 1);
        cpu(2, 1, 1);

        Topology topology = new TopologyReader(new HostFs(root)).read();

        assertThat(topology.numCores()).isEqualTo(3);
        assertThat(topology.sockets()).isEqualTo(2);
        assertThat(topology.nodes()).extracting(Node::nodeId).containsExactly(0, 1);
        assertThat(topology.nodes().get(1).cores()).extracting(Core::coreId).containsExactly(0, 1);
        assertThat(topology.nodes().get(1).memory()).isZero();
        assertThat(topology.nodes().get(1).cores().get(0).socketId()).isEqualTo(1);
    }

    @Test
    void garbageTopologyFilesStillCountTheCpu() throws IOException {
        write("/sys/devices/system/cpu/online", "0-1");
        write("/sys/devices/system/cpu/cpu0/topology/core_id", "zero");
        write("/sys/devices/system/cpu/cpu1/topology/core_id", "");
        write("/sys/devices/system/cpu/cpu0/cache/index0/size", "");

        Topology topology = new TopologyReader(new HostFs(root)).read();

        assertThat(topology.numCores()).isEqualTo(2);
        assertThat(topology.nodes().get(0).cores()).extracting(Core::coreId).containsExactly(0, 1);
    }

    @Test
    void anEmptyHostGivesAnEmptyButCompleteMachineInfo() {
        HostFs hostFs = new HostFs(root);
        Clock clock = Clock.systemUTC();
        Partitions partitions = new Partitions(hostFs, "/var/lib/docker", Duration.ofMinutes(5), clock);
        MachineInfo info = new MachineInfoReader(hostFs, List.of("/etc/machine-id"), List.of("/proc/boot_id"),
                partitions, new RootFsStats(partitions, hostFs, clock, InodeCountsReader.NONE), clock, "amd64").read();
        assertThat(info.numCores()).isZero();
        assertThat(info.memoryCapacity()).isZero();
        assertThat(info.topology()).isEmpty();
        assertThat(info.filesystems()).isEmpty();
        assertThat(info.diskMap()).isEmpty();
        assertThat(info.networkDevices()).isEmpty();
        assertThat(info.machineId()).isEmpty();
        assertThat(info.vendorId()).isEmpty();
        assertThat(info.cloudProvider()).isEqualTo("Unknown");
    }

    @Test
    void edacDimmsAreSummedPerType() throws IOException {
        write("/sys/devices/system/edac/mc/mc0/dimm0/dimm_mem_type", "Registered-DDR4");
        write("/sys/devices/system/edac/mc/mc0/dimm0/size", "16384");
        write("/sys/devices/system/edac/mc/mc0/dimm1/dimm_mem_type", "Registered-DDR4");
        write("/sys/devices/system/edac/mc/mc0/dimm1/size", "16384");
        write("/sys/devices/system/edac/mc/mc1/dimm0/dimm_mem_type", "Unbuffered-DDR4");
        write("/sys/devices/system/edac/mc/mc1/dimm0/size", "x");
        HostFs hostFs = new HostFs(root);
        Clock clock = Clock.systemUTC();
        Partitions partitions = new Partitions(hostFs, "/var/lib/docker", Duration.ofMinutes(5), clock);
        MachineInfoReader reader = new MachineInfoReader(hostFs, List.of(), List.of(), partitions,
                new RootFsStats(partitions, hostFs, clock, InodeCountsReader.NONE), clock, "amd64");
        assertThat(reader.memoryByType()).containsOnlyKeys("Registered-DDR4");
        assertThat(reader.memoryByType().get("Registered-DDR4").capacity()).isEqualTo(32L << 30);
        assertThat(reader.memoryByType().get("Registered-DDR4").dimmCount()).isEqualTo(2);
    }

    @Test
    void diskMapSkipsLoopRamSrAndHiddenDevices() throws IOException {
        for (String disk : List.of("loop0", "ram0", "sr0", "nvme0c0n1", "nvme0n1", "sda")) {
            write("/sys/block/" + disk + "/dev", "259:" + disk.length());
        }
        write("/sys/block/nvme0c0n1/hidden", "1");
        write("/sys/block/sda/dev", "8:0");
        write("/sys/block/sda/size", "2048");
        write("/sys/block/sda/queue/scheduler", "mq-deadline [bfq] none");
        HostFs hostFs = new HostFs(root);
        Clock clock = Clock.systemUTC();
        Partitions partitions = new Partitions(hostFs, "/var/lib/docker", Duration.ofMinutes(5), clock);
        MachineInfoReader reader = new MachineInfoReader(hostFs, List.of(), List.of(), partitions,
                new RootFsStats(partitions, hostFs, clock, InodeCountsReader.NONE), clock, "amd64");
        assertThat(reader.diskMap()).containsOnlyKeys("259:7", "8:0");
        assertThat(reader.diskMap().get("8:0").size()).isEqualTo(2048L * 512);
        assertThat(reader.diskMap().get("8:0").scheduler()).isEqualTo("bfq");
    }

    @Test
    void systemUuidPrefersDmiThenDeviceTree() throws IOException {
        HostFs hostFs = new HostFs(root);
        Clock clock = Clock.systemUTC();
        Partitions partitions = new Partitions(hostFs, "/", Duration.ofMinutes(5), clock);
        MachineInfoReader reader = new MachineInfoReader(hostFs, List.of(), List.of(), partitions,
                new RootFsStats(partitions, hostFs, clock, InodeCountsReader.NONE), clock, "ppc64le");
        write("/etc/machine-id", "abc");
        assertThat(reader.systemUuid()).isEqualTo("abc");
        write("/proc/device-tree/vm,uuid", "vm-uuid\0");
        assertThat(reader.systemUuid()).isEqualTo("vm-uuid");
        write("/sys/class/dmi/id/product_uuid", "DMI-UUID");
        assertThat(reader.systemUuid()).isEqualTo("DMI-UUID");
    }
}
