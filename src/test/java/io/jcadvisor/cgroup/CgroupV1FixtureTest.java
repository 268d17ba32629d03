package io.jcadvisor.cgroup;

import io.jcadvisor.info.v1.ContainerSpec;
import io.jcadvisor.info.v1.ContainerStats;
import io.jcadvisor.info.v1.CpuCfs;
import io.jcadvisor.info.v1.CpuSpec;
import io.jcadvisor.info.v1.HugetlbStats;
import io.jcadvisor.info.v1.MemoryEvents;
import io.jcadvisor.info.v1.MemoryNumaStats;
import io.jcadvisor.info.v1.MemorySpec;
import io.jcadvisor.info.v1.PerDiskStats;
import io.jcadvisor.info.v1.ProcessStats;
import io.jcadvisor.info.v1.PsiStats;
import io.jcadvisor.info.v1.Uint64;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Hand-made v1 Docker host (cpu,cpuacct co-mounted) and this build host's hybrid layout. */
class CgroupV1FixtureTest {

    private static final String ID = "ec79a1f1d6b3c2e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8";
    private static final long V1_UNLIMITED = 9223372036854771712L;

    private final CgroupReaders all = TestHosts.fixtureReaders("cgroup-v1-docker", TestHosts.all());
    private final CgroupReaders defaults = TestHosts.fixtureReaders("cgroup-v1-docker", TestHosts.defaults());

    @Test
    void dockerContainerSpecWithEveryGroup() throws Exception {
        ContainerSpec spec = all.open("/docker/" + ID).spec();
        assertThat(spec.cpu()).isEqualTo(new CpuSpec(1024, 0, "0-1", 50000, 100000));
        assertThat(spec.memory()).isEqualTo(new MemorySpec(64L << 20, V1_UNLIMITED, 128L << 20));
        assertThat(spec.hasCpu()).isTrue();
        assertThat(spec.hasMemory()).isTrue();
        assertThat(spec.hasProcesses()).isTrue();
        assertThat(spec.processes().limit()).isEqualTo(Uint64.MAX);
        assertThat(spec.hasHugetlb()).isTrue();
        assertThat(spec.hasDiskio()).isTrue();
        assertThat(spec.startTime()).isEqualTo(ContainerSpec.ZERO_TIME);
    }

    @Test
    void defaultGroupsKeepMaskAndPidsInTheSpecButHideHugetlbAndTheirStats() throws Exception {
        ContainerSpec spec = defaults.open("/docker/" + ID).spec();
        assertThat(spec.cpu()).isEqualTo(new CpuSpec(1024, 0, "0-1", 50000, 100000));
        assertThat(spec.hasProcesses()).isTrue();
        assertThat(spec.processes().limit()).isEqualTo(Uint64.MAX);
        assertThat(spec.hasHugetlb()).isFalse();
        ContainerStats stats = defaults.open("/docker/" + ID).stats();
        assertThat(stats.processes()).isNull();
        assertThat(stats.hugetlb()).isNull();
        assertThat(stats.memory().containerData().numaStats()).isNull();
        assertThat(stats.cpu().usage().perCpuUsage()).containsExactly(6902390, 11145569);
        assertThat(stats.cpuset().memoryMigrate()).isZero();
    }

    @Test
    void dockerContainerCpu() throws Exception {
        ContainerStats stats = all.open("/docker/" + ID).stats();
        assertThat(stats.timestamp()).isEqualTo(TestHosts.NOW);
        assertThat(stats.cpu().usage().total()).isEqualTo(18047959);
        assertThat(stats.cpu().usage().perCpuUsage()).containsExactly(6902390, 11145569);
        // cpuacct.stat "user 1": one USER_HZ tick = 10 ms.
        assertThat(stats.cpu().usage().user()).isEqualTo(10_000_000);
        assertThat(stats.cpu().usage().system()).isZero();
        assertThat(stats.cpu().cfs()).isEqualTo(new CpuCfs(118, 117, 5803215034L, 0, 0));
        assertThat(stats.cpu().psi()).isEqualTo(PsiStats.ZERO);
    }

    @Test
    void dockerContainerMemoryUsesTotalKeysUnderUseHierarchy() throws Exception {
        var memory = all.open("/docker/" + ID).stats().memory();
        assertThat(memory.usage()).isEqualTo(323584);
        assertThat(memory.maxUsage()).isEqualTo(4091904);
        assertThat(memory.failcnt()).isEqualTo(7);
        assertThat(memory.kernel()).isEqualTo(110592);
        assertThat(memory.cache()).isEqualTo(4096);
        assertThat(memory.rss()).isEqualTo(53248);
        assertThat(memory.swap()).isEqualTo(12288);
        assertThat(memory.mappedFile()).isEqualTo(8192);
        assertThat(memory.totalActiveFile()).isEqualTo(16384);
        assertThat(memory.totalInactiveFile()).isEqualTo(20480);
        assertThat(memory.workingSet()).isEqualTo(323584 - 20480);
        assertThat(memory.containerData().pgfault()).isEqualTo(1144);
        assertThat(memory.hierarchicalData().pgfault()).isEqualTo(1144);
        assertThat(memory.containerData().pgmajfault()).isZero();
        assertThat(memory.fileDirty()).isZero();
        assertThat(memory.events()).isEqualTo(MemoryEvents.ZERO);
        assertThat(memory.containerData().numaStats()).isEqualTo(new MemoryNumaStats(
                Map.of(0, 2L, 1, 0L), Map.of(0, 9L, 1, 4L), Map.of(0, 1L, 1, 0L)));
        assertThat(memory.hierarchicalData().numaStats()).isEqualTo(new MemoryNumaStats(
                Map.of(0, 5L, 1, 0L), Map.of(0, 10L, 1, 4L), Map.of(0, 0L, 1, 1L)));
    }

    @Test
    void dockerContainerBlkioUsesRecursiveThrottleFilesWhenBfqAndCfqFilesListNoDevice() throws Exception {
        // BFQ files with only "Total 0" and empty CFQ files: upstream's library moves on to the throttle files.
        var diskio = all.open("/docker/" + ID).stats().diskio();
        Map<String, Long> sda = new LinkedHashMap<>();
        sda.put("Read", 4096L);
        sda.put("Write", 8192L);
        sda.put("Sync", 12288L);
        sda.put("Async", 0L);
        sda.put("Discard", 0L);
        sda.put("Total", 12288L);
        assertThat(diskio.ioServiceBytes()).hasSize(2);
        // 8:0 is sys/block/sda; 8:16 is no block device nor filesystem of the machine: "" as upstream.
        assertThat(diskio.ioServiceBytes().get(0)).isEqualTo(new PerDiskStats("/dev/sda", 8, 0, sda));
        assertThat(diskio.ioServiceBytes().get(1).minor()).isEqualTo(16);
        assertThat(diskio.ioServiceBytes().get(1).device()).isEmpty();
        assertThat(diskio.ioServiced()).extracting(PerDiskStats::device).containsExactly("/dev/sda", "");
        assertThat(diskio.ioServiced().get(0).stats()).containsEntry("Write", 2L).containsEntry("Total", 3L);
        assertThat(diskio.sectors()).isEmpty();
    }

    @Test
    void dockerContainerOomHugetlbProcessesCpuset() throws Exception {
        ContainerStats stats = all.open("/docker/" + ID).stats();
        assertThat(stats.oomEvents()).isEqualTo(2);
        // This kernel has no reservation files: the plain hugetlb files are used.
        assertThat(stats.hugetlb()).isEqualTo(Map.of("2MB", new HugetlbStats(2097152, 4194304, 3)));
        // pids.max "max" shows as 0 in stats.
        assertThat(stats.processes()).isEqualTo(new ProcessStats(1, 0, 0, 1, 0, List.of()));
        assertThat(stats.cpuset().memoryMigrate()).isEqualTo(1);
        assertThat(stats.network()).isNull();
        assertThat(all.open("/docker/" + ID).pids()).containsExactly(4242);
    }

    @Test
    void rootGetsMachineMemoryAndNoPidsHierarchy() throws Exception {
        CgroupContainer root = all.open("/");
        ContainerSpec spec = root.spec();
        assertThat(spec.memory()).isEqualTo(new MemorySpec(2035084L * 1024, V1_UNLIMITED, 1048572L * 1024));
        assertThat(spec.cpu().quota()).isZero();
        assertThat(spec.cpu().period()).isEqualTo(100000);
        assertThat(spec.hasProcesses()).isFalse();
        ContainerStats stats = root.stats();
        assertThat(stats.memory().usage()).isEqualTo(1123700736);
        assertThat(stats.memory().workingSet()).isEqualTo(1123700736L - 519609600L);
        assertThat(stats.processes()).isEqualTo(new ProcessStats(3, 0, 0, 0, 0, List.of()));
        assertThat(stats.cpu().usage().total()).isEqualTo(734258916312L);
    }

    @Test
    void cgroupPresentInOnlySomeHierarchiesKeepsWhatItHas() throws Exception {
        // /docker exists in every hierarchy but has few files: absent values, no exception.
        ContainerStats stats = all.open("/docker").stats();
        assertThat(stats.memory().usage()).isEqualTo(2359296);
        assertThat(stats.cpu().usage().total()).isZero();
        assertThat(stats.diskio().ioServiced()).isEmpty();
        assertThat(stats.oomEvents()).isZero();
    }

    @Test
    void missingCgroupIsGone() {
        assertThatThrownBy(() -> all.open("/docker/nope").stats()).isInstanceOf(ContainerGoneException.class);
        assertThatThrownBy(() -> all.open("/docker/nope").spec()).isInstanceOf(ContainerGoneException.class);
    }

    @Test
    void hybridHostReadsSeparateCpuAndCpuacctAndIgnoresUnified() throws Exception {
        CgroupReaders hybrid = TestHosts.fixtureReaders("hybrid", TestHosts.all());
        CgroupContainer app = hybrid.open("/app");
        ContainerSpec spec = app.spec();
        assertThat(spec.cpu()).isEqualTo(new CpuSpec(512, 0, "0-1", 25000, 100000));
        assertThat(spec.memory().limit()).isEqualTo(32L << 20);
        assertThat(spec.processes().limit()).isEqualTo(50);
        ContainerStats stats = app.stats();
        assertThat(stats.cpu().usage().total()).isEqualTo(123456789);
        assertThat(stats.cpu().usage().perCpuUsage()).containsExactly(100000000, 23456789);
        assertThat(stats.cpu().usage().user()).isEqualTo(70_000_000);
        assertThat(stats.cpu().usage().system()).isEqualTo(30_000_000);
        assertThat(stats.cpu().cfs()).isEqualTo(new CpuCfs(40, 12, 345678901, 0, 0));
        // The empty cgroup2 at /sys/fs/cgroup/unified (memory.current 999 there) plays no part.
        assertThat(stats.memory().usage()).isEqualTo(1048576);
        assertThat(stats.memory().workingSet()).isEqualTo(1048576 - 262144);
        assertThat(stats.memory().cache()).isEqualTo(524288);
        // No BFQ debug files, so the BFQ pair is used. No sys/block here: 254:0 is named by the
        // machine filesystem mounted from it (mountinfo /dev/vda).
        assertThat(stats.diskio().ioServiced()).containsExactly(new PerDiskStats("/dev/vda", 254, 0,
                Map.of("Read", 2L, "Write", 1L, "Sync", 1L, "Async", 2L, "Discard", 0L, "Total", 3L)));
        assertThat(stats.diskio().ioServiceBytes().get(0).stats()).containsEntry("Read", 8192L);
        assertThat(stats.processes()).isEqualTo(new ProcessStats(2, 0, 0, 3, 50, List.of()));
        assertThat(app.pids()).containsExactly(4242, 4243);
    }

    @Test
    void hybridRootWithDefaultGroups() throws Exception {
        CgroupContainer root = TestHosts.fixtureReaders("hybrid", TestHosts.defaults()).open("/");
        ContainerStats stats = root.stats();
        assertThat(stats.memory().usage()).isEqualTo(803291136);
        assertThat(stats.processes()).isNull();
        assertThat(stats.diskio().ioServiced()).isEmpty();
        assertThat(root.spec().cpu().mask()).isEqualTo("0-1");
    }
}
