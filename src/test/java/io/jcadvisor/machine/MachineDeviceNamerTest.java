package io.jcadvisor.machine;

import io.jcadvisor.fs.Partition;
import io.jcadvisor.fs.PartitionSource;
import io.jcadvisor.fs.Partitions;
import io.jcadvisor.host.HostFs;
import io.jcadvisor.testing.SettableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Device names from the disk map, then the machine's filesystems, else "" (docs/data-sources.md §3.5). */
class MachineDeviceNamerTest {

    private static final Instant T0 = Instant.parse("2026-11-27T00:00:00Z");

    private static MachineDeviceNamer namer(Path root, SettableClock clock) {
        HostFs fs = new HostFs(root);
        return new MachineDeviceNamer(fs, new Partitions(fs, "/var/lib/docker", Duration.ofMinutes(5), clock),
                Duration.ofMinutes(5), clock);
    }

    @Test
    void namesFromSysBlockThenFromMountedFilesystemsElseEmpty() {
        MachineDeviceNamer namer = namer(Path.of("src/test/resources/host/cgroup-v1-docker").toAbsolutePath(),
                new SettableClock(T0));
        assertThat(namer.deviceName(8, 0)).isEqualTo("/dev/sda");
        // Not in /sys/block (a partition): the filesystem mounted from 254:1 in proc/1/mountinfo.
        assertThat(namer.deviceName(254, 1)).isEqualTo("/dev/vda1");
        assertThat(namer.deviceName(8, 16)).isEmpty();
        assertThat(namer.deviceName(0, 0)).isEmpty();
    }

    @Test
    void diskMapWinsOverAFilesystemWithTheSameNumbers(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("sys/block/vda"));
        Files.writeString(root.resolve("sys/block/vda/dev"), "254:0\n");
        PartitionSource partitions = () -> List.of(
                new Partition("/dev/disk/by-label/root", "/", "ext4", 254, 0, Set.of("root"), Optional.empty()));
        MachineDeviceNamer namer = new MachineDeviceNamer(new HostFs(root), partitions, Duration.ofMinutes(5),
                new SettableClock(T0));
        assertThat(namer.deviceName(254, 0)).isEqualTo("/dev/vda");
    }

    @Test
    void aDiskAttachedLaterIsNamedOnceTheMachineInfoIntervalHasPassed(@TempDir Path root) throws IOException {
        SettableClock clock = new SettableClock(T0);
        MachineDeviceNamer namer = namer(root, clock);
        assertThat(namer.deviceName(254, 16)).isEmpty();
        Files.createDirectories(root.resolve("sys/block/vdb"));
        Files.writeString(root.resolve("sys/block/vdb/dev"), "254:16\n");
        clock.advance(Duration.ofMinutes(4));
        assertThat(namer.deviceName(254, 16)).as("still the table read at T0").isEmpty();
        clock.advance(Duration.ofMinutes(1));
        assertThat(namer.deviceName(254, 16)).isEqualTo("/dev/vdb");
    }

    @Test
    void loopAndHiddenDisksAreLeftToTheFilesystems(@TempDir Path root) throws IOException {
        for (String[] d : new String[][] {{"loop0", "7:0"}, {"nvme0c0n1", "259:1"}}) {
            Files.createDirectories(root.resolve("sys/block/" + d[0]));
            Files.writeString(root.resolve("sys/block/" + d[0] + "/dev"), d[1] + "\n");
        }
        Files.writeString(root.resolve("sys/block/nvme0c0n1/hidden"), "1\n");
        MachineDeviceNamer namer = namer(root, new SettableClock(T0));
        assertThat(namer.deviceName(7, 0)).isEmpty();
        assertThat(namer.deviceName(259, 1)).isEmpty();
    }

    @Test
    void liveHostNamesEveryDiskOfSysBlock() {
        HostFs fs = new HostFs(Path.of("/"));
        MachineDeviceNamer namer = namer(Path.of("/"), new SettableClock(Instant.now()));
        for (String disk : fs.list("/sys/block")) {
            if (disk.startsWith("loop") || disk.startsWith("ram") || disk.startsWith("sr")) {
                continue;
            }
            String[] dev = fs.readString("/sys/block/" + disk + "/dev").orElseThrow().trim().split(":");
            assertThat(namer.deviceName(Long.parseLong(dev[0]), Long.parseLong(dev[1])))
                    .as(disk).isEqualTo("/dev/" + disk);
        }
    }
}
