package io.jcadvisor.cgroup;

import io.jcadvisor.info.v1.ContainerStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Cgroups that offer few files, or are missing in some hierarchies, then disappear. */
class GoneDetectionTest {

    @TempDir
    Path root;

    @Test
    void missingFilesAreAbsentAndARemovedCgroupIsGone() throws Exception {
        Files.createDirectories(root.resolve("proc/1"));
        Files.writeString(root.resolve("proc/1/mountinfo"),
                "26 23 0:23 / /sys/fs/cgroup rw,relatime - cgroup2 cgroup2 rw,nsdelegate\n");
        Path dir = Files.createDirectories(root.resolve("sys/fs/cgroup/sparse"));
        Files.writeString(dir.resolve("cpu.stat"), "usage_usec 7\n");
        Files.writeString(dir.resolve("memory.current"), "garbage\n");
        // No file held open: a regular file stays readable through a descriptor opened before it was
        // deleted, where the kernel fails a read of a removed cgroup's file (ENODEV). That case, with files
        // held open, is CgroupLiveTest.removedCgroupIsGoneNeverAnotherException on a real cgroup.
        CgroupContainer c = TestHosts.readers(root, TestHosts.all(), Clock.fixed(TestHosts.NOW, ZoneOffset.UTC), 0)
                .open("/sparse");

        ContainerStats first = c.stats();
        assertThat(first.cpu().usage().total()).isEqualTo(7000);
        assertThat(first.memory().usage()).isZero();
        assertThat(first.diskio().ioServiceBytes()).isEmpty();
        assertThat(first.processes().processCount()).isZero();
        // Again, with the missing files remembered.
        assertThat(c.stats().cpu().usage().total()).isEqualTo(7000);

        for (Path f : new Path[] {dir.resolve("cpu.stat"), dir.resolve("memory.current"), dir}) {
            Files.delete(f);
        }
        assertThatThrownBy(c::stats).isInstanceOf(ContainerGoneException.class);
        assertThatThrownBy(c::spec).isInstanceOf(ContainerGoneException.class);
    }

    /**
     * A v1 cgroup made in {@code memory} only (as some daemons make theirs): its cpu values absent, without a
     * failed open each sample; read at the first sample after its {@code cpu,cpuacct} directory appears, absent
     * again when it goes, and gone once it is in no hierarchy.
     */
    @Test
    void aHierarchyWithoutTheDirectoryIsReadAsSoonAsItAppears() throws Exception {
        Files.createDirectories(root.resolve("proc/1"));
        Files.writeString(root.resolve("proc/1/mountinfo"), """
                32 28 0:28 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct
                33 28 0:29 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
                """);
        Files.createDirectories(root.resolve("sys/fs/cgroup/cpu,cpuacct"));
        Path memory = Files.createDirectories(root.resolve("sys/fs/cgroup/memory/memonly"));
        Files.writeString(memory.resolve("memory.usage_in_bytes"), "4096\n");
        CgroupContainer c = TestHosts.readers(root, TestHosts.all(), Clock.fixed(TestHosts.NOW, ZoneOffset.UTC), 0)
                .open("/memonly");

        for (int i = 0; i < 2; i++) {
            ContainerStats stats = c.stats();
            assertThat(stats.memory().usage()).isEqualTo(4096);
            assertThat(stats.cpu().usage().total()).isZero();
        }

        Path cpu = Files.createDirectories(root.resolve("sys/fs/cgroup/cpu,cpuacct/memonly"));
        Files.writeString(cpu.resolve("cpuacct.usage"), "123\n");
        assertThat(c.stats().cpu().usage().total()).isEqualTo(123);

        Files.delete(cpu.resolve("cpuacct.usage"));
        Files.delete(cpu);
        assertThat(c.stats().cpu().usage().total()).isZero();
        assertThat(c.stats().memory().usage()).isEqualTo(4096);

        Files.delete(memory.resolve("memory.usage_in_bytes"));
        Files.delete(memory);
        assertThatThrownBy(c::stats).isInstanceOf(ContainerGoneException.class);
    }
}
