package io.jcadvisor.fs;

import io.jcadvisor.host.HostFs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

class DirectoryUsageTest {

    @TempDir
    Path dir;

    long block() throws Exception {
        return Files.getFileStore(dir).getBlockSize();
    }

    @Test
    void missingDirectoryIsZero() throws Exception {
        assertThat(DirectoryUsage.measure(new HostFs(dir), "/gone")).isEqualTo(DirectoryUsage.ZERO);
    }

    @Test
    void filesRoundUpToBlocksAndHardLinksCountOnce() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Files.write(sub.resolve("a"), new byte[(int) block() + 1]);
        Files.createLink(sub.resolve("a-again"), sub.resolve("a"));
        Files.createFile(sub.resolve("empty"));
        Files.createSymbolicLink(sub.resolve("short-link"), Path.of("a"));

        DirectoryUsage usage = DirectoryUsage.measure(new HostFs(dir), "/sub");

        assertThat(usage.inodes()).as("sub, a, empty, short-link").isEqualTo(4);
        long dirBytes = (Files.size(sub) + block() - 1) / block() * block();
        assertThat(usage.bytes()).as("sub's blocks + two blocks of a, once").isEqualTo(dirBytes + 2 * block());
    }

    @Test
    void doesNotCrossIntoAnotherFilesystem() throws Exception {
        assumeThat(System.getProperty("user.name")).as("mounting needs root").isEqualTo("root");
        Path inner = Files.createDirectory(dir.resolve("jcadv-dk-mnt"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=4m", "jcadv-dk-tmpfs", inner.toString())
                .inheritIO().start();
        assertThat(mount.waitFor()).isZero();
        try {
            Files.write(inner.resolve("big"), new byte[1 << 20]);
            DirectoryUsage usage = DirectoryUsage.measure(new HostFs(dir), "/");
            assertThat(usage.bytes()).isLessThan(1 << 20);
            assertThat(usage.inodes()).as("the walked root only: the mountpoint is another device").isEqualTo(1);
        } finally {
            new ProcessBuilder("umount", inner.toString()).inheritIO().start().waitFor();
        }
    }
}
