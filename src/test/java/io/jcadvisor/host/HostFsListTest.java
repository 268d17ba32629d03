package io.jcadvisor.host;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@link HostFs#listDirectoriesUnlessLeaf} answers what {@link HostFs#listDirectories} answers, with fewer stats. */
class HostFsListTest {

    @TempDir
    Path root;

    @Test
    void leafParentAndMissingDirectoriesOnAPlainTree() throws IOException {
        HostFs fs = new HostFs(root);
        Files.createDirectories(root.resolve("cg/a/a1"));
        Files.createDirectories(root.resolve("cg/b"));
        Files.writeString(root.resolve("cg/cpu.stat"), "usage_usec 1\n");
        Files.writeString(root.resolve("cg/b/cgroup.procs"), "");
        Files.createSymbolicLink(root.resolve("cg/link"), root.resolve("cg/a"));

        assertThat(fs.listDirectoriesUnlessLeaf("/cg")).containsExactly("a", "b");
        assertThat(fs.listDirectoriesUnlessLeaf("/cg/a")).containsExactly("a1");
        assertThat(fs.listDirectoriesUnlessLeaf("/cg/b")).isEmpty();
        assertThat(fs.listDirectoriesUnlessLeaf("/cg/a/a1")).isEmpty();
        assertThat(fs.listDirectoriesUnlessLeaf("/missing")).isEmpty();
        assertThat(fs.listDirectoriesUnlessLeaf("/cg/cpu.stat")).isEmpty();
        for (String dir : new String[] {"/cg", "/cg/a", "/cg/b", "/cg/a/a1", "/missing", "/cg/cpu.stat"}) {
            assertThat(fs.listDirectoriesUnlessLeaf(dir)).as(dir).isEqualTo(fs.listDirectories(dir));
        }
    }

    /** The link-count rule holds on this host's cgroup hierarchies (kernfs): every directory lists the same. */
    @Test
    void sameAnswersOnEveryCgroupDirectoryOfThisHost() {
        HostFs fs = new HostFs(Path.of("/"));
        assumeTrue(fs.isDirectory("/sys/fs/cgroup"), "no /sys/fs/cgroup");
        Deque<String> pending = new ArrayDeque<>();
        pending.push("/sys/fs/cgroup");
        int leaves = 0;
        int checked = 0;
        while (!pending.isEmpty() && checked < 5000) {
            String dir = pending.pop();
            var full = fs.listDirectories(dir);
            var quick = fs.listDirectoriesUnlessLeaf(dir);
            // A cgroup made or removed between the two calls would differ for a moment: read again.
            if (!quick.equals(full)) {
                full = fs.listDirectories(dir);
                quick = fs.listDirectoriesUnlessLeaf(dir);
            }
            assertThat(quick).as(dir).isEqualTo(full);
            if (full.isEmpty()) {
                leaves++;
            }
            checked++;
            for (String child : full) {
                pending.push(dir + "/" + child);
            }
        }
        assertThat(leaves).isPositive();
    }

    @Test
    void openFdsOfAFixtureTreeAreItsEntries(@TempDir Path root) throws IOException {
        Path fd = Files.createDirectories(root.resolve("proc/self/fd"));
        for (String n : new String[] {"0", "1", "2", "7"}) {
            Files.createFile(fd.resolve(n));
        }
        // not procfs: the directory's size is a filesystem's, not a count
        assertThat(new HostFs(root).countOpenFds("/proc/self/fd")).isEqualTo(4);
        assertThat(new HostFs(root).countOpenFds("/proc/self/missing")).isEqualTo(-1);
    }

    @Test
    void openFdsOfThisProcessFromProcfs() throws IOException {
        HostFs host = new HostFs(Path.of("/"));
        // a few held open, so the count has to move with them
        int before = host.countOpenFds("/proc/self/fd");
        java.util.List<java.io.InputStream> held = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                held.add(Files.newInputStream(Path.of("/proc/self/stat")));
            }
            int during = host.countOpenFds("/proc/self/fd");
            // other threads of the test JVM may open or close a few files meanwhile
            assertThat(during - before).isBetween(45, 55);
            // the listing counts the descriptor it reads the directory through as well
            assertThat(host.countEntries("/proc/self/fd") - during).isBetween(-5, 6);
        } finally {
            for (java.io.InputStream in : held) {
                in.close();
            }
        }
    }
}
