package io.jcadvisor.cgroup;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** Creation time = earliest mtime of the cgroup dirs and marker files, floored at boot time. */
class CreationTimeTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:30Z");

    @TempDir
    Path root;

    @BeforeEach
    void host() throws Exception {
        Files.createDirectories(root.resolve("proc/1"));
        Files.writeString(root.resolve("proc/1/mountinfo"), String.join("\n",
                "1 0 0:1 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct",
                "2 0 0:2 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory",
                "3 0 0:3 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw", ""));
        // Booted 3600.5 s before NOW: 11:00:29.5, floored to 11:00:00.
        Files.writeString(root.resolve("proc/uptime"), "3600.50 7000.00\n");
        for (String h : new String[] {"cpu,cpuacct", "memory"}) {
            Path dir = Files.createDirectories(root.resolve("sys/fs/cgroup/" + h + "/c"));
            Files.writeString(dir.resolve("cgroup.clone_children"), "0\n");
        }
    }

    private Instant creation() throws Exception {
        return container().spec().creationTime();
    }

    private CgroupContainer container() throws Exception {
        return TestHosts.readers(root, TestHosts.defaults(), Clock.fixed(NOW, ZoneOffset.UTC)).open("/c");
    }

    private void touch(String path, String time) throws Exception {
        Files.setLastModifiedTime(root.resolve(path), FileTime.from(Instant.parse(time)));
    }

    @Test
    void earliestOfDirectoriesAndCloneChildren() throws Exception {
        touch("sys/fs/cgroup/cpu,cpuacct/c", "2026-11-26T11:30:00Z");
        touch("sys/fs/cgroup/cpu,cpuacct/c/cgroup.clone_children", "2026-11-26T11:20:00Z");
        touch("sys/fs/cgroup/memory/c", "2026-11-26T11:40:00Z");
        touch("sys/fs/cgroup/memory/c/cgroup.clone_children", "2026-11-26T11:25:00Z");
        assertThat(creation()).isEqualTo(Instant.parse("2026-11-26T11:20:00Z"));
    }

    @Test
    void foundOnceThenKeptWhileTheDirectoriesChange() throws Exception {
        touch("sys/fs/cgroup/cpu,cpuacct/c", "2026-11-26T11:30:00Z");
        touch("sys/fs/cgroup/cpu,cpuacct/c/cgroup.clone_children", "2026-11-26T11:20:00Z");
        touch("sys/fs/cgroup/memory/c", "2026-11-26T11:40:00Z");
        touch("sys/fs/cgroup/memory/c/cgroup.clone_children", "2026-11-26T11:25:00Z");
        CgroupContainer c = container();
        assertThat(c.spec().creationTime()).isEqualTo(Instant.parse("2026-11-26T11:20:00Z"));
        // a child cgroup made later moves a directory's time, and the stat that found the earliest time
        // is not made again
        touch("sys/fs/cgroup/cpu,cpuacct/c/cgroup.clone_children", "2026-11-26T11:50:00Z");
        touch("sys/fs/cgroup/memory/c/cgroup.clone_children", "2026-11-26T11:50:00Z");
        touch("sys/fs/cgroup/cpu,cpuacct/c", "2026-11-26T11:50:00Z");
        assertThat(c.spec().creationTime()).isEqualTo(Instant.parse("2026-11-26T11:20:00Z"));
        // a reader opened afresh reads the times as they are now
        assertThat(creation()).isEqualTo(Instant.parse("2026-11-26T11:40:00Z"));
    }

    @Test
    void neverEarlierThanBootTime() throws Exception {
        touch("sys/fs/cgroup/cpu,cpuacct/c", "1970-01-01T00:00:00Z");
        assertThat(creation()).isEqualTo(Instant.parse("2026-11-26T11:00:00Z"));
    }
}
