package io.jcadvisor.fs;

import io.jcadvisor.testing.SettableClock;
import io.jcadvisor.host.HostFs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionsTest {

    @TempDir
    Path root;

    private void write(String hostPath, String text) throws IOException {
        Path file = root.resolve(hostPath.substring(1));
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void readsPid1MountinfoOfTheNumaFixture() {
        Partitions partitions = new Partitions(new HostFs(Path.of("src/test/resources/host/numa-2node")),
                "/var/lib/docker", Duration.ofMinutes(5), Clock.systemUTC());
        assertThat(partitions.partitions()).extracting(Partition::device).containsExactly("rootfs", "/tmp", "/mnt");
    }

    @Test
    void fallsBackToSelfMountinfoAndFindsUuids() throws IOException {
        write("/proc/self/mountinfo", "27 1 254:1 / / rw - ext4 /dev/vda1 rw\n");
        Files.createDirectories(root.resolve("dev/disk/by-uuid"));
        Files.createSymbolicLink(root.resolve("dev/disk/by-uuid/0a1b-2c3d"), Path.of("../../vda1"));
        Partitions partitions = new Partitions(new HostFs(root), "/var/lib/docker", Duration.ofMinutes(5),
                Clock.systemUTC());
        assertThat(partitions.partitions()).singleElement()
                .satisfies(p -> assertThat(p.uuid()).contains("0a1b-2c3d"));
    }

    @Test
    void theListIsCachedUntilTheUpdateIntervalOrARefresh() throws IOException {
        SettableClock clock = new SettableClock(Instant.parse("2026-11-26T12:00:00Z"));
        write("/proc/1/mountinfo", "27 1 254:1 / / rw - ext4 /dev/vda1 rw\n");
        Partitions partitions = new Partitions(new HostFs(root), "/var/lib/docker", Duration.ofMinutes(5), clock);
        assertThat(partitions.partitions()).hasSize(1);

        write("/proc/1/mountinfo", "27 1 254:1 / / rw - ext4 /dev/vda1 rw\n28 27 8:1 / /data rw - xfs /dev/sda1 rw\n");
        clock.advance(Duration.ofSeconds(299));
        assertThat(partitions.partitions()).hasSize(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(partitions.partitions()).hasSize(2);

        write("/proc/1/mountinfo", "27 1 254:1 / / rw - ext4 /dev/vda1 rw\n");
        assertThat(partitions.refresh()).hasSize(1);
        assertThat(partitions.partitions()).hasSize(1);
    }

    @Test
    void missingMountTablesGiveNoPartitions() {
        Partitions partitions = new Partitions(new HostFs(root), "/var/lib/docker", Duration.ofMinutes(5),
                Clock.systemUTC());
        assertThat(partitions.partitions()).isEmpty();
    }

    @Test
    void devNumbersDecodeLikeGlibc() {
        // makedev(259, 65540): minor above 255 and major above 255 use the high bits.
        long dev = ((259L & 0xfff) << 8) | ((259L & ~0xfffL) << 32) | (65540L & 0xff) | ((65540L & ~0xffL) << 12);
        assertThat(Partitions.devMajor(dev)).isEqualTo(259);
        assertThat(Partitions.devMinor(dev)).isEqualTo(65540);
        assertThat(List.of(Partitions.devMajor(0xfe00), Partitions.devMinor(0xfe00))).containsExactly(254, 0);
    }

    @Test
    void partitionForADirMatchesItsDeviceNumberOnTheLiveHost() {
        Partitions partitions = new Partitions(new HostFs(Path.of("/")), "/var/lib/docker", Duration.ofMinutes(5),
                Clock.systemUTC());
        Partition root = partitions.partitions().stream().filter(p -> p.mountpoint().equals("/")).findFirst()
                .orElseThrow();
        assertThat(partitions.partitionFor("/etc")).contains(root);
    }

    @Test
    void partitionForFallsBackToTheDeepestBlockDeviceMountAbove() throws IOException {
        write("/proc/1/mountinfo", "27 1 254:1 / / rw - ext4 /dev/vdz1 rw\n"
                + "28 27 8:99 / /data rw - xfs /dev/sdz1 rw\n29 28 0:50 / /data/tmp rw - tmpfs tmpfs rw\n");
        Partitions partitions = new Partitions(new HostFs(root), "/var/lib/docker", Duration.ofMinutes(5),
                Clock.systemUTC());
        assertThat(partitions.partitionFor("/data/tmp/missing")).map(Partition::device).contains("/dev/sdz1");
        assertThat(partitions.partitionFor("/database")).map(Partition::device).contains("/dev/vdz1");
    }
}
