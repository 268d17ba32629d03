package io.jcadvisor.fs;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MountInfoParserTest {

    @Test
    void parsesCgroupV1LineWithControllersInSuperOptions() {
        List<MountInfo> mounts = MountInfoParser.parse(List.of(
                "32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime shared:5 - cgroup cgroup rw,cpu"));
        assertThat(mounts).containsExactly(new MountInfo(32, 31, 0, 29, "/", "/sys/fs/cgroup/cpu",
                "rw,relatime", "cgroup", "cgroup", "rw,cpu"));
    }

    @Test
    void decodesOctalEscapesInMountPoints() {
        MountInfo mount = MountInfoParser.parseLine("40 1 8:1 / /mnt/my\\040disk rw - ext4 /dev/sda1 rw");
        assertThat(mount.mountPoint()).isEqualTo("/mnt/my disk");
    }

    @Test
    void skipsMalformedLines() {
        assertThat(MountInfoParser.parse(List.of("", "garbage", "1 2 x:y / / rw - ext4 /dev/a rw"))).isEmpty();
    }
}
