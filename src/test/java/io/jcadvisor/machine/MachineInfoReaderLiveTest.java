package io.jcadvisor.machine;

import io.jcadvisor.fs.Partitions;
import io.jcadvisor.fs.RootFsStats;
import io.jcadvisor.host.HostFs;
import io.jcadvisor.info.v1.FsInfo;
import io.jcadvisor.info.v1.MachineInfo;
import io.jcadvisor.info.v1.NetInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Machine info of this very host ({@code new HostFs("/")}); every expectation is computed here
 * from the kernel's own files, independently of the code under test.
 */
class MachineInfoReaderLiveTest {

    static MachineInfo info;

    @BeforeAll
    static void readLiveHost() {
        HostFs hostFs = new HostFs(Path.of("/"));
        Clock clock = Clock.systemUTC();
        Partitions partitions = new Partitions(hostFs, "/var/lib/docker", Duration.ofMinutes(5), clock);
        RootFsStats rootFs = new RootFsStats(partitions, hostFs, clock);
        info = new MachineInfoReader(hostFs, List.of("/etc/machine-id", "/var/lib/dbus/machine-id"),
                List.of("/proc/sys/kernel/random/boot_id"), partitions, rootFs, clock,
                System.getProperty("os.arch")).read();
    }

    static String read(String path) throws IOException {
        return Files.readString(Path.of(path)).trim();
    }

    @Test
    void numCoresIsTheNumberOfOnlineCpus() throws IOException {
        int online = 0;
        for (String range : read("/sys/devices/system/cpu/online").split(",")) {
            String[] ends = range.split("-");
            online += ends.length == 1 ? 1 : Integer.parseInt(ends[1]) - Integer.parseInt(ends[0]) + 1;
        }
        assertThat(info.numCores()).isEqualTo(online);
        int coresInTopology = info.topology().stream().mapToInt(n -> n.cores().stream()
                .mapToInt(c -> c.threadIds().size()).sum()).sum();
        assertThat(coresInTopology).isEqualTo(online);
        assertThat(info.numSockets()).isPositive();
        assertThat(info.numPhysicalCores()).isBetween(1, online);
    }

    @Test
    void memoryCapacityIsMemTotalTimes1024() throws IOException {
        Matcher total = Pattern.compile("(?m)^MemTotal:\\s+(\\d+) kB").matcher(read("/proc/meminfo"));
        Matcher swap = Pattern.compile("(?m)^SwapTotal:\\s+(\\d+) kB").matcher(read("/proc/meminfo"));
        assertThat(total.find() && swap.find()).isTrue();
        assertThat(info.memoryCapacity()).isEqualTo(Long.parseLong(total.group(1)) * 1024);
        assertThat(info.swapCapacity()).isEqualTo(Long.parseLong(swap.group(1)) * 1024);
    }

    @Test
    void idsAreTheKernelsAndTheFirstReadableMachineIdFile() throws IOException {
        // A machine without systemd may have no /etc/machine-id: the test writes its own, after a
        // candidate that does not exist, so the first readable one wins whatever the machine has.
        Path dir = Files.createTempDirectory("jcadv-machine-id-");
        try {
            String id = java.util.UUID.randomUUID().toString().replace("-", "");
            Files.writeString(dir.resolve("machine-id"), id + "\n");
            HostFs hostFs = new HostFs(Path.of("/"));
            Clock clock = Clock.systemUTC();
            Partitions partitions = new Partitions(hostFs, "/var/lib/docker", Duration.ofMinutes(5), clock);
            MachineInfo own = new MachineInfoReader(hostFs,
                    List.of(dir.resolve("absent").toString(), dir.resolve("machine-id").toString()),
                    List.of("/proc/sys/kernel/random/boot_id"), partitions, new RootFsStats(partitions, hostFs, clock),
                    clock, System.getProperty("os.arch")).read();
            assertThat(own.machineId()).isEqualTo(id);
        } finally {
            Files.deleteIfExists(dir.resolve("machine-id"));
            Files.delete(dir);
        }
        assertThat(info.bootId()).isEqualTo(read("/proc/sys/kernel/random/boot_id"));
        String expectedUuid = Files.isReadable(Path.of("/sys/class/dmi/id/product_uuid"))
                ? read("/sys/class/dmi/id/product_uuid") : info.machineId();
        if (!Files.exists(Path.of("/proc/device-tree"))) {
            assertThat(info.systemUuid()).isEqualTo(expectedUuid);
        }
    }

    @Test
    void diskMapHasEveryRealBlockDevice() throws IOException {
        Set<String> expected = new HashSet<>();
        try (Stream<Path> devices = Files.list(Path.of("/sys/block"))) {
            for (Path device : devices.toList()) {
                String name = device.getFileName().toString();
                if (!name.startsWith("loop") && !name.startsWith("ram") && !name.startsWith("sr")) {
                    expected.add(read(device.resolve("dev").toString()));
                }
            }
        }
        assertThat(info.diskMap().keySet()).containsExactlyInAnyOrderElementsOf(expected);
        info.diskMap().forEach((key, disk) -> {
            try {
                long sectors = Long.parseLong(read("/sys/block/" + disk.name() + "/size"));
                assertThat(disk.size()).isEqualTo(sectors * 512);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void filesystemsContainTheRootDevice() throws IOException {
        String rootSource = null;
        for (String line : Files.readAllLines(Path.of("/proc/1/mountinfo"))) {
            String[] f = line.split(" ");
            int dash = List.of(f).indexOf("-");
            if (f[4].equals("/")) {
                rootSource = f[dash + 2];
            }
        }
        assertThat(rootSource).isNotNull();
        assertThat(info.filesystems()).extracting(FsInfo::device).contains(rootSource);
        String device = rootSource;
        FsInfo root = info.filesystems().stream().filter(f -> f.device().equals(device)).findFirst().orElseThrow();
        assertThat(root.capacity()).isPositive();
        assertThat(root.type()).isEqualTo("vfs");
    }

    @Test
    void networkDevicesCarryTheKernelsMacAndMtu() throws IOException {
        try (Stream<Path> links = Files.list(Path.of("/sys/class/net"))) {
            for (Path link : links.toList()) {
                String name = link.getFileName().toString();
                if (name.startsWith("lo") || name.startsWith("veth") || name.startsWith("docker")) {
                    assertThat(info.networkDevices()).extracting(NetInfo::name).doesNotContain(name);
                    continue;
                }
                NetInfo net = info.networkDevices().stream().filter(n -> n.name().equals(name)).findFirst()
                        .orElseThrow();
                assertThat(net.macAddress()).isEqualTo(read(link.resolve("address").toString()));
                assertThat(net.mtu()).isEqualTo(Long.parseLong(read(link.resolve("mtu").toString())));
            }
        }
    }

    @Test
    void hugepagePoolsMatchSysfs() throws IOException {
        try (Stream<Path> pools = Files.list(Path.of("/sys/kernel/mm/hugepages"))) {
            assertThat(info.hugepages()).hasSize((int) pools.count());
        }
    }

    @Test
    void versionsComeFromTheHostFiles() throws IOException {
        HostVersions versions = new HostVersions(new HostFs(Path.of("/")));
        assertThat(versions.kernelVersion()).isEqualTo(read("/proc/sys/kernel/osrelease"));
        Matcher pretty = Pattern.compile("(?m)^PRETTY_NAME=\"?([^\"\\n]*)\"?").matcher(read("/etc/os-release"));
        assertThat(pretty.find()).isTrue();
        assertThat(versions.osVersion()).isEqualTo(pretty.group(1));
    }
}
