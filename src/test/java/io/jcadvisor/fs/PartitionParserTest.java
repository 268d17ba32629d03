package io.jcadvisor.fs;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionParserTest {

    /** A Docker host: ext4 root, a bind mount of it, tmpfs (twice at one place), overlay, cgroups. */
    static final List<String> MOUNTINFO = List.of(
            "22 27 0:21 / /proc rw,relatime - proc proc rw",
            "25 24 0:23 / /dev/shm rw,relatime - tmpfs tmpfs rw,size=24684084k",
            "27 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard",
            "28 27 8:17 / /data rw,relatime - xfs /dev/sdb1 rw",
            "30 25 0:27 / /dev/shm rw,relatime - tmpfs tmpfs rw,size=1024k",
            "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755",
            "32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu",
            "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw",
            "42 27 254:0 /var/lib/docker /var/lib/docker rw,relatime shared:1 - ext4 /dev/vda rw,discard",
            "43 28 8:17 /backup /mnt/backup rw - xfs /dev/sdb1 rw",
            "50 42 0:39 / /var/lib/docker/overlay2/abc/merged rw - overlay overlay rw,lowerdir=/x",
            "51 42 0:40 / /var/lib/docker/overlay2/def/merged rw - overlay overlay rw,lowerdir=/y",
            "52 27 0:41 / /mnt/nfs rw - nfs4 server:/export rw",
            "53 27 0:42 / /snap/core/1 ro - squashfs /dev/loop0 ro",
            "54 27 0:43 / /run/user/0 rw - fuse.sshfs me@host:/ rw");

    static List<Partition> parse(List<String> lines, String dockerRoot) {
        return PartitionParser.partitions(MountInfoParser.parse(lines), dockerRoot, Map.of("/dev/vda", "uuid-1"));
    }

    @Test
    void keepsRealFilesystemsOnceEach() {
        List<Partition> partitions = parse(MOUNTINFO, "/var/lib/docker");
        assertThat(partitions).extracting(Partition::device).containsExactly("/dev/shm", "/dev/vda", "/dev/sdb1",
                "/sys/fs/cgroup", "overlay_0-39", "overlay_0-40", "server:/export", "/dev/loop0");
    }

    @Test
    void aLaterTmpfsAtTheSameMountpointReplacesTheEarlierOne() {
        Partition shm = parse(MOUNTINFO, "/var/lib/docker").get(0);
        assertThat(shm).isEqualTo(new Partition("/dev/shm", "/dev/shm", "tmpfs", 0, 27, Set.of(), Optional.empty()));
    }

    @Test
    void bindMountsDoNotReplaceTheFirstMount() {
        Partition sdb1 = parse(MOUNTINFO, "/var/lib/docker").get(2);
        assertThat(sdb1.mountpoint()).isEqualTo("/data");
    }

    @Test
    void rootAndDockerImagesLabels() {
        Partition vda = parse(MOUNTINFO, "/var/lib/docker").get(1);
        assertThat(vda.mountpoint()).isEqualTo("/");
        assertThat(vda.labels()).containsExactly("root", "docker-images");
        assertThat(vda.uuid()).contains("uuid-1");
        assertThat(vda.major()).isEqualTo(254);
    }

    @Test
    void dockerImagesOnTheDeepestCandidateMount() {
        List<Partition> partitions = parse(MOUNTINFO, "/data/docker/");
        Partition sdb1 = partitions.stream().filter(p -> p.device().equals("/dev/sdb1")).findFirst().orElseThrow();
        assertThat(sdb1.labels()).containsExactly("docker-images");
        assertThat(partitions.get(1).labels()).containsExactly("root");
    }

    @Test
    void theRootMountIsKeptWhateverItsType() {
        List<Partition> partitions = parse(List.of("1 1 0:2 / / rw - rootfs rootfs rw",
                "25 1 0:22 / /tmp rw,relatime - tmpfs tmpfs rw"), "/var/lib/docker");
        assertThat(partitions).extracting(Partition::device).containsExactly("rootfs", "/tmp");
        assertThat(partitions.get(0).labels()).containsExactly("root", "docker-images");
    }

    @Test
    void devicemapperContainerMountsAreExcluded() {
        List<Partition> partitions = parse(List.of(
                "27 1 254:0 / / rw - ext4 /dev/vda rw",
                "60 27 253:5 / /var/lib/docker/devicemapper/mnt/abc rw - xfs /dev/mapper/docker-abc rw"),
                "/var/lib/docker");
        assertThat(partitions).extracting(Partition::device).containsExactly("/dev/vda");
    }

    @Test
    void pseudoFilesystemsAndEmptyTablesGiveNothing() {
        assertThat(parse(List.of(), "/var/lib/docker")).isEmpty();
        assertThat(parse(List.of("22 27 0:21 / /proc rw - proc proc rw",
                "32 31 0:29 / /sys/fs/cgroup/cpu rw - cgroup cgroup rw,cpu"), "/var/lib/docker")).isEmpty();
    }
}
