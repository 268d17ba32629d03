package io.jcadvisor.fs;

import io.jcadvisor.host.HostFs;
import io.jcadvisor.info.v1.FsStats;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RootFsStatsTest {

    @Test
    void liveRootFilesystemMatchesFileStoreAndDiskstats() throws IOException {
        HostFs hostFs = new HostFs(Path.of("/"));
        Partitions partitions = new Partitions(hostFs, "/var/lib/docker", Duration.ofMinutes(5), Clock.systemUTC());
        Partition root = partitions.partitions().stream().filter(p -> p.mountpoint().equals("/")).findFirst()
                .orElseThrow();
        RootFsStats rootFs = new RootFsStats(partitions, hostFs, Clock.systemUTC());
        FsStats stats = rootFs.rootFsStats().stream().filter(s -> s.device().equals(root.device())).findFirst()
                .orElseThrow();
        FileStore store = Files.getFileStore(Path.of("/"));

        assertThat(stats.type()).isEqualTo("vfs");
        assertThat(stats.capacity()).isPositive().isEqualTo(store.getTotalSpace());
        // Other processes write meanwhile: allow 1 GiB of drift.
        assertThat(stats.available()).isCloseTo(store.getUsableSpace(), within(1L << 30));
        assertThat(stats.usage()).isCloseTo(store.getTotalSpace() - store.getUnallocatedSpace(),
                within(1L << 30));
        // As `stat -f /` reports them: the root filesystem has inode accounting here (ext4).
        String[] statf = liveStatf("/");
        assertThat(stats.hasInodes()).isTrue();
        assertThat(stats.inodes()).isEqualTo(Long.parseLong(statf[0]));
        assertThat(stats.inodesFree()).isCloseTo(Long.parseLong(statf[1]), within(10_000L));
        if (DiskStatsParser.DEVICE.matcher(root.device().replace("/dev/", "")).matches()) {
            assertThat(stats.readsCompleted()).isPositive();
            assertThat(stats.sectorsRead()).isPositive();
        }
    }

    @Test
    void countersMatchByMajorMinorWhenTheNameDiffers() {
        Partition mapper = new Partition("/dev/mapper/vg-root", "/", "ext4", 253, 0, Set.of("root"), Optional.empty());
        DiskStats dm0 = new DiskStats("dm-0", 253, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        assertThat(RootFsStats.diskStatsOf(mapper, Map.of("/dev/dm-0", dm0))).isEqualTo(dm0);
        assertThat(RootFsStats.diskStatsOf(mapper, Map.of()).readsCompleted()).isZero();
    }

    @Test
    void aMountpointMissingUnderTheHostRootHasEmptyTypeAndZeros() {
        HostFs hostFs = new HostFs(Path.of("src/test/resources/host/numa-2node"));
        PartitionSource source = () -> List.of(
                new Partition("/dev/vda", "/", "ext4", 254, 0, Set.of("root"), Optional.empty()),
                new Partition("overlay_0-39", "/var/lib/docker/overlay2/x/merged", "overlay", 0, 39, Set.of(),
                        Optional.empty()));
        List<FsStats> stats = new RootFsStats(source, hostFs, Clock.systemUTC(), InodeCountsReader.NONE).rootFsStats();
        assertThat(stats).hasSize(2);
        assertThat(stats.get(0).type()).isEqualTo("vfs");
        // The capture's diskstats: "254 0 vda 11 0 16408 8 8 0 16384 6 0 0 14".
        assertThat(stats.get(0).readsCompleted()).isEqualTo(11);
        assertThat(stats.get(0).sectorsWritten()).isEqualTo(16384);
        assertThat(stats.get(0).weightedIoTime()).isEqualTo(14);
        assertThat(stats.get(1)).isEqualTo(new FsStats("overlay_0-39", "", 0, 0, 0, 0, false, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0));
    }

    private static String[] liveStatf(String path) throws IOException {
        return io.jcadvisor.testing.Commands.run(List.of("stat", "-f", "-c", "%c %d", path)).trim().split(" ");
    }
}
