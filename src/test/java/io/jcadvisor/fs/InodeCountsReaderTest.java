package io.jcadvisor.fs;

import io.jcadvisor.host.HostFs;
import io.jcadvisor.testing.Commands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class InodeCountsReaderTest {

    private static final List<String> STAT = List.of("stat", "-f", "-c", "%c %d %n", "--");

    @TempDir
    Path dir;

    @Test
    void parsesCountsAndPathsWithSpacesAndSkipsWhatIsNotACountLine() {
        Map<String, String> asked = Map.of("/rootfs/", "/", "/rootfs/mnt/my disk", "/mnt/my disk", "/rootfs/btrfs",
                "/btrfs");
        String out = "16777216 16333858 /rootfs/\n"
                + "500 489 /rootfs/mnt/my disk\n"
                + "0 0 /rootfs/btrfs\n"
                + "stat: cannot read file system information for '/rootfs/gone': No such file or directory\n"
                + "12 x /rootfs/\n"
                + "7 7 /elsewhere\n"
                + "18446744073709551615 1 /rootfs/\n";
        assertThat(InodeCountsReader.parse(out, asked)).containsOnly(
                Map.entry("/", new InodeCounts(-1L, 1)),
                Map.entry("/mnt/my disk", new InodeCounts(500, 489)));
    }

    /** GNU's {@code stat}, and busybox's, the one the native image ships (Dockerfile.native). */
    @ParameterizedTest
    @ValueSource(strings = {"stat", "/bin/busybox stat"})
    void countsOfARealTmpfsFollowFilesMadeInIt(String binary) throws Exception {
        List<String> command = new ArrayList<>(List.of(binary.split(" ")));
        command.addAll(STAT.subList(1, STAT.size()));
        Path mnt = Files.createDirectory(dir.resolve("tmpfs with space"));
        Commands.run(List.of("mount", "-t", "tmpfs", "-o", "nr_inodes=500,size=1m", "jcadv-inodes", mnt.toString()));
        try {
            InodeCountsReader reader = new InodeCountsReader(new HostFs(Path.of("/")), Clock.systemUTC(), Duration.ZERO,
                    command);
            String mountpoint = mnt.toString();
            InodeCounts before = reader.counts(List.of(mountpoint)).get(mountpoint);
            assertThat(before).isNotNull();
            assertThat(before.total()).isEqualTo(500);
            for (int i = 0; i < 10; i++) {
                Files.createFile(mnt.resolve("f" + i));
            }
            InodeCounts after = reader.counts(List.of(mountpoint)).get(mountpoint);
            assertThat(after.free()).isEqualTo(before.free() - 10);
        } finally {
            Commands.run(List.of("umount", mnt.toString()));
        }
    }

    @Test
    void countsAreReusedUntilTheRefreshIsDue() throws IOException {
        Path mnt = Files.createDirectory(dir.resolve("m"));
        Commands.run(List.of("mount", "-t", "tmpfs", "-o", "nr_inodes=100,size=1m", "jcadv-inodes", mnt.toString()));
        try {
            InodeCountsReader reader = new InodeCountsReader(new HostFs(Path.of("/")), Clock.systemUTC(),
                    Duration.ofHours(1), STAT);
            long free = reader.counts(List.of(mnt.toString())).get(mnt.toString()).free();
            Files.createFile(mnt.resolve("f"));
            assertThat(reader.counts(List.of(mnt.toString())).get(mnt.toString()).free()).isEqualTo(free);
        } finally {
            Commands.run(List.of("umount", mnt.toString()));
        }
    }

    @Test
    void withoutAStatBinaryThereAreNoCountsAndNoError() {
        InodeCountsReader reader = new InodeCountsReader(new HostFs(Path.of("/")), Clock.systemUTC(), Duration.ZERO,
                List.of("/nonexistent/stat", "-f"));
        assertThat(reader.counts(List.of("/"))).isEmpty();
        assertThat(InodeCountsReader.NONE.counts(List.of("/"))).isEmpty();
    }

    @Test
    void aRoundThatHangsIsNotAwaitedTwice() {
        // `sleep` stands in for a stat stuck on a dead NFS server: the first round gives up after
        // the timeout, the next call does not start (nor wait for) another while it lives.
        InodeCountsReader reader = new InodeCountsReader(new HostFs(Path.of("/")), Clock.systemUTC(), Duration.ZERO,
                List.of("sh", "-c", "sleep 5", "stat"));
        long start = System.nanoTime();
        assertThat(reader.counts(List.of("/"))).isEmpty();
        long first = System.nanoTime() - start;
        assertThat(Duration.ofNanos(first)).isGreaterThanOrEqualTo(InodeCountsReader.TIMEOUT);
        start = System.nanoTime();
        assertThat(reader.counts(List.of("/"))).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
    }

    @Test
    void anOutputLargerThanThePipeIsReadWhileTheChildRuns() {
        // 5,000 lines of 40 bytes: three pipes' worth. Read only after exit, the child would block on the
        // full pipe and the round would time out.
        InodeCountsReader reader = new InodeCountsReader(new HostFs(Path.of("/")), Clock.systemUTC(), Duration.ZERO,
                List.of("sh", "-c", "i=0; while [ $i -lt 5000 ]; do echo \"100 40 /padding/padding/padding/$i\"; "
                        + "i=$((i+1)); done; echo \"500 489 $1\"", "stat"));
        assertThat(reader.counts(List.of("/"))).containsExactly(Map.entry("/", new InodeCounts(500, 489)));
    }
}
