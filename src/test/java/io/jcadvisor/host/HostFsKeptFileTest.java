package io.jcadvisor.host;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@link HostFs#keptFile}: held open between reads, each read from offset 0; bounded; closed by its owner. */
class HostFsKeptFileTest {

    @TempDir
    Path root;

    @Test
    void eachReadSeesTheWholeCurrentTextThroughOneHeldChannel() throws IOException {
        HostFs fs = new HostFs(root, 8);
        Path stat = root.resolve("cpu.stat");
        Files.writeString(stat, "usage_usec 1\nuser_usec 1\n");
        HostFile file = fs.keptFile("/cpu.stat");

        assertThat(file.read()).isEqualTo("usage_usec 1\nuser_usec 1\n");
        assertThat(fs.openFiles()).isEqualTo(1);
        assertThat(file.isOpen()).isTrue();
        // rewritten in place, shorter, as the kernel regenerates a pseudo file's text at each read
        Files.writeString(stat, "usage_usec 22\n");
        assertThat(file.read()).isEqualTo("usage_usec 22\n");
        assertThat(fs.openFiles()).isEqualTo(1);

        file.close();
        assertThat(fs.openFiles()).isZero();
        assertThat(file.isOpen()).isFalse();
        // a read after close (a sample racing the removal) still reads, and holds nothing
        Files.writeString(stat, "usage_usec 333\n");
        assertThat(file.read()).isEqualTo("usage_usec 333\n");
        assertThat(fs.openFiles()).isZero();
        file.close();
        assertThat(fs.openFiles()).isZero();
    }

    @Test
    void beyondTheBoundFilesAreOpenedPerRead() throws IOException {
        HostFs fs = new HostFs(root, 1);
        Files.writeString(root.resolve("a"), "1\n");
        Files.writeString(root.resolve("b"), "2\n");
        HostFile a = fs.keptFile("/a");
        HostFile b = fs.keptFile("/b");

        assertThat(a.read()).isEqualTo("1\n");
        assertThat(b.read()).isEqualTo("2\n");
        assertThat(fs.openFiles()).isEqualTo(1);
        assertThat(a.isOpen()).isTrue();
        assertThat(b.isOpen()).isFalse();
        // a place given back is taken by the next file read
        a.close();
        assertThat(b.read()).isEqualTo("2\n");
        assertThat(b.isOpen()).isTrue();
        assertThat(fs.openFiles()).isEqualTo(1);

        HostFs none = new HostFs(root, 0);
        HostFile c = none.keptFile("/a");
        assertThat(c.read()).isEqualTo("1\n");
        assertThat(c.isOpen()).isFalse();
        assertThat(none.openFiles()).isZero();
    }

    @Test
    void anInterruptedReadLetsTheHeldChannelGo() throws IOException {
        HostFs fs = new HostFs(root, 8);
        Files.writeString(root.resolve("a"), "1\n");
        HostFile file = fs.keptFile("/a");
        assertThat(file.read()).isEqualTo("1\n");

        // an interrupt closes the channel under the read (ClosedByInterruptException)
        Thread.currentThread().interrupt();
        try {
            file.read();
        } catch (IOException expected) {
            // the interrupted thread's own reads fail; what matters is what is held afterwards
        } finally {
            Thread.interrupted();
        }
        assertThat(file.isOpen()).isFalse();
        assertThat(fs.openFiles()).isZero();
        assertThat(file.read()).isEqualTo("1\n");
        assertThat(file.isOpen()).isTrue();
        file.close();
        assertThat(fs.openFiles()).isZero();
    }

    @Test
    void aMissingFileSaysSoAndHoldsNothing() throws IOException {
        HostFs fs = new HostFs(root, 8);
        HostFile file = fs.keptFile("/missing");

        assertThatThrownBy(file::read).isInstanceOf(NoSuchFileException.class);
        assertThat(fs.openFiles()).isZero();
        Files.writeString(root.resolve("missing"), "now here\n");
        assertThat(file.read()).isEqualTo("now here\n");
        assertThat(fs.openFiles()).isEqualTo(1);
        file.close();
    }

    @Test
    void largerThanTheBufferIsReadWhole() throws IOException {
        HostFs fs = new HostFs(root, 8);
        String big = "x".repeat(200_000) + "\n";
        Files.writeString(root.resolve("big"), big);
        HostFile file = fs.keptFile("/big");

        assertThat(file.read()).isEqualTo(big);
        assertThat(file.read()).isEqualTo(big);
        file.close();
    }

    /**
     * On a real cgroup: a held file of a removed cgroup fails (the kernel answers ENODEV on the old
     * descriptor, then the fresh open finds nothing), and once a cgroup of the same name is made again the
     * next read reads the new one. Needs root on a host with a writable cgroup hierarchy.
     */
    @Test
    void aRemovedAndRemadeCgroupIsReadAfresh() throws IOException {
        HostFs fs = new HostFs(Path.of("/"), 8);
        String parent = Files.isDirectory(Path.of("/sys/fs/cgroup/pids")) ? "/sys/fs/cgroup/pids" : "/sys/fs/cgroup";
        Path dir = Path.of(parent, "jcadv-kept-" + ProcessHandle.current().pid());
        try {
            Files.createDirectory(dir);
        } catch (IOException e) {
            assumeTrue(false, "cannot make a cgroup here: " + e);
        }
        try {
            HostFile procs = fs.keptFile(dir + "/cgroup.procs");
            assertThat(procs.read()).isEmpty();
            assertThat(procs.isOpen()).isTrue();

            Files.delete(dir);
            assertThatThrownBy(procs::read).isInstanceOf(NoSuchFileException.class);
            assertThat(procs.isOpen()).isFalse();
            assertThat(fs.openFiles()).isZero();

            Files.createDirectory(dir);
            assertThat(procs.read()).isEmpty();
            assertThat(procs.isOpen()).isTrue();
            procs.close();
            assertThat(fs.openFiles()).isZero();
        } finally {
            Files.deleteIfExists(dir);
        }
    }

    /**
     * On this host's cgroups: a held file is read with one read when the text leaves the buffer room, so the
     * kernel must hand a cgroup file's text over whole at once. A multi-line file whose lines stay put (the
     * keys of the root's memory.stat, v1, or cpu.stat, v2) read held equals the file read to its end.
     */
    @Test
    void aKernelCgroupFileComesWholeInOneRead() throws IOException {
        HostFs fs = new HostFs(Path.of("/"), 8);
        String path = Files.exists(Path.of("/sys/fs/cgroup/memory/memory.stat")) ? "/sys/fs/cgroup/memory/memory.stat"
                : "/sys/fs/cgroup/cpu.stat";
        assumeTrue(Files.exists(Path.of(path)), "no cgroup v1 memory or v2 root cpu.stat on this host");
        try (HostFile file = fs.keptFile(path)) {
            for (int i = 0; i < 3; i++) {
                String held = file.read();
                String whole = fs.readOrThrow(path);
                assertThat(held).endsWith("\n");
                assertThat(keys(held)).isEqualTo(keys(whole)).hasSizeGreaterThan(4);
            }
        }
    }

    private static List<String> keys(String text) {
        return text.lines().map(line -> line.split(" ")[0]).toList();
    }
}
