package io.jcadvisor.machine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jcadvisor.fs.InodeCountsReader;
import io.jcadvisor.fs.Partitions;
import io.jcadvisor.fs.RootFsStats;
import io.jcadvisor.host.HostFs;
import io.jcadvisor.info.v1.Cache;
import io.jcadvisor.info.v1.Core;
import io.jcadvisor.info.v1.DiskInfo;
import io.jcadvisor.info.v1.FsInfo;
import io.jcadvisor.info.v1.HugePagesInfo;
import io.jcadvisor.info.v1.MachineInfo;
import io.jcadvisor.info.v1.NetInfo;
import io.jcadvisor.info.v1.Node;
import io.jcadvisor.info.v1.NvmInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Machine info of the 2-node NUMA VM capture ({@code host/numa-2node}): every value the capture implies. */
class MachineInfoReaderNumaFixtureTest {

    static final Path ROOT = Path.of("src/test/resources/host/numa-2node");
    static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    static MachineInfo info;

    static MachineInfo read(Path root, String arch) {
        HostFs hostFs = new HostFs(root);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        Partitions partitions = new Partitions(hostFs, "/var/lib/docker", Duration.ofMinutes(5), clock);
        RootFsStats rootFs = new RootFsStats(partitions, hostFs, clock, InodeCountsReader.NONE);
        return new MachineInfoReader(hostFs, List.of("/etc/machine-id", "/var/lib/dbus/machine-id"),
                List.of("/proc/sys/kernel/random/boot_id"), partitions, rootFs, clock, arch).read();
    }

    @BeforeAll
    static void readFixture() {
        info = read(ROOT, "amd64");
    }

    @Test
    void cpuCountsComeFromTopologyAndCpuinfo() {
        assertThat(info.timestamp()).isEqualTo(NOW);
        assertThat(info.vendorId()).isEqualTo("AuthenticAMD");
        assertThat(info.numCores()).isEqualTo(2);
        assertThat(info.numPhysicalCores()).isEqualTo(2);
        assertThat(info.numSockets()).isEqualTo(1);
        assertThat(info.numBooks()).isZero();
        assertThat(info.numDrawers()).isZero();
    }

    @Test
    void frequencyFallsBackToCpuinfoMhzWithoutCpufreq() {
        // "cpu MHz : 2596.148", multiplied as a double and truncated like upstream.
        assertThat(info.cpuFrequencyKhz()).isEqualTo((long) (2596.148 * 1000));
        assertThat(info.cpuFrequencyKhz()).isBetween(2596147L, 2596148L);
    }

    @Test
    void cpuinfoClockMeansNothingOnArm() {
        assertThat(read(ROOT, "aarch64").cpuFrequencyKhz()).isZero();
    }

    @Test
    void memoryIsMemTotalTimes1024AndThereIsNoSwap() {
        assertThat(info.memoryCapacity()).isEqualTo(984832L * 1024);
        assertThat(info.swapCapacity()).isZero();
        assertThat(info.memoryByType()).isEmpty();
        assertThat(info.nvm()).isEqualTo(NvmInfo.NONE);
        // The capture has per-node pools only, no /sys/kernel/mm/hugepages.
        assertThat(info.hugepages()).isEmpty();
    }

    @Test
    void idsAreEmptyWhenTheCaptureHasNoIdFiles() {
        assertThat(info.machineId()).isEmpty();
        assertThat(info.bootId()).isEmpty();
        assertThat(info.systemUuid()).isEmpty();
        assertThat(info.cloudProvider()).isEqualTo("Unknown");
        assertThat(info.instanceType()).isEqualTo("Unknown");
        assertThat(info.instanceId()).isEqualTo("None");
    }

    @Test
    void topologyHasTwoNodesWithOneCoreEach() {
        List<Cache> core0Caches = List.of(new Cache(0, 65536, "Data", 1), new Cache(0, 65536, "Instruction", 1),
                new Cache(0, 524288, "Unified", 2));
        List<Cache> core1Caches = List.of(new Cache(1, 65536, "Data", 1), new Cache(1, 65536, "Instruction", 1),
                new Cache(1, 524288, "Unified", 2));
        List<HugePagesInfo> pools = List.of(new HugePagesInfo(1048576, 0), new HugePagesInfo(2048, 0));
        assertThat(info.topology()).containsExactly(
                new Node(0, 469364L * 1024, pools, List.of(new Core(0, List.of(0), core0Caches, null, 0, 0, 0)),
                        List.of(new Cache(0, 16384L * 1024, "Unified", 3)), List.of(10L, 20L)),
                new Node(1, 515468L * 1024, pools, List.of(new Core(1, List.of(1), core1Caches, null, 0, 0, 0)),
                        List.of(new Cache(1, 16384L * 1024, "Unified", 3)), List.of(20L, 10L)));
    }

    @Test
    void diskMapHasBothVirtioDisks() {
        assertThat(info.diskMap()).containsOnlyKeys("254:0", "254:16");
        assertThat(info.diskMap().get("254:0")).isEqualTo(new DiskInfo("vda", 254, 0, 65536L * 1024, "none"));
        assertThat(info.diskMap().get("254:16")).isEqualTo(new DiskInfo("vdb", 254, 16, 32768L * 1024, "none"));
    }

    @Test
    void eth0IsListedEvenWithoutAddressAndMtuFiles() {
        assertThat(info.networkDevices()).containsExactly(new NetInfo("eth0", "", 0, 0));
    }

    @Test
    void filesystemsFollowPid1Mountinfo() {
        // "/" is initramfs rootfs (always kept); /tmp and /mnt are tmpfs, absent from the capture tree.
        assertThat(info.filesystems()).extracting(FsInfo::device).containsExactly("rootfs", "/tmp", "/mnt");
        assertThat(info.filesystems().get(0).type()).isEqualTo("vfs");
        assertThat(info.filesystems().get(0).capacity()).isPositive();
        assertThat(info.filesystems().get(1)).isEqualTo(new FsInfo("/tmp", 0, "", 0, false));
    }

    @Test
    void serialisesWithUpstreamKeys() throws Exception {
        ObjectMapper mapper = new ObjectMapper().findAndRegisterModules();
        JsonNode json = mapper.readTree(mapper.writeValueAsString(info));
        assertThat(json.has("cpu_frequency_khz")).isTrue();
        assertThat(json.get("num_cores").asInt()).isEqualTo(2);
        assertThat(json.get("nvm").has("app direct_mode_capacity")).isTrue();
        assertThat(json.get("disk_map").get("254:0").get("size").asLong()).isEqualTo(67108864L);
        assertThat(json.get("topology").get(0).get("distances").toString()).isEqualTo("[10,20]");
        assertThat(json.has("num_books")).isFalse();
        assertThat(json.get("instance_id").asText()).isEqualTo("None");
    }
}
