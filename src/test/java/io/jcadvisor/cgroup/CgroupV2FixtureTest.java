package io.jcadvisor.cgroup;

import io.jcadvisor.config.MetricKind;
import io.jcadvisor.info.v1.ContainerSpec;
import io.jcadvisor.info.v1.ContainerStats;
import io.jcadvisor.info.v1.CpuCfs;
import io.jcadvisor.info.v1.CpuSpec;
import io.jcadvisor.info.v1.HugetlbStats;
import io.jcadvisor.info.v1.MemoryEvents;
import io.jcadvisor.info.v1.MemorySpec;
import io.jcadvisor.info.v1.PerDiskStats;
import io.jcadvisor.info.v1.ProcessSpec;
import io.jcadvisor.info.v1.ProcessStats;
import io.jcadvisor.info.v1.PsiData;
import io.jcadvisor.info.v1.Uint64;
import io.jcadvisor.info.v2.CpuInstUsage;
import io.jcadvisor.info.v2.V2Conversions;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

/** The real cgroup v2 capture (kernel 6.1), every group on. */
class CgroupV2FixtureTest {

    private static final String DOCKER = "/system.slice/"
            + "docker-4f1c2b9d8e7a6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b.scope";

    private final CgroupReaders readers = TestHosts.fixtureReaders("cgroup-v2-systemd", TestHosts.all());

    @Test
    void demoSpecCarriesTheLimitsThatWereSet() throws Exception {
        ContainerSpec spec = readers.open("/demo").spec();
        // cpu.weight 100 → shares 2597; cpu.max "50000 100000"; cpuset.cpus.effective "1".
        assertThat(spec.cpu()).isEqualTo(new CpuSpec(2597, 0, "1", 50000, 100000));
        // memory.max 64M, memory.min 0, memory.swap.max "max" → 2^64-1.
        assertThat(spec.memory()).isEqualTo(new MemorySpec(64L << 20, 0, Uint64.MAX));
        assertThat(spec.processes()).isEqualTo(new ProcessSpec(100));
        assertThat(spec.hasCpu()).isTrue();
        assertThat(spec.hasMemory()).isTrue();
        assertThat(spec.hasProcesses()).isTrue();
        assertThat(spec.hasDiskio()).isTrue();
        // Upstream's v2 cgroup paths have no "hugetlb" key, so has_hugetlb stays false (docs/data-sources.md §2),
        // while the hugetlb stats are still read (demoProcessesHugetlbAndOom).
        assertThat(spec.hasHugetlb()).isFalse();
        assertThat(spec.hasNetwork()).isFalse();
        assertThat(spec.hasFilesystem()).isFalse();
        assertThat(spec.startTime()).isEqualTo(ContainerSpec.ZERO_TIME);
        // uptime 13.31 s before the fixed clock, truncated to the minute.
        assertThat(spec.creationTime()).isAfterOrEqualTo(Instant.parse("2026-11-26T23:49:00Z"));
    }

    @Test
    void demoCpuIsThrottledIn117Of118Periods() throws Exception {
        ContainerStats stats = readers.open("/demo").stats();
        assertThat(stats.timestamp()).isEqualTo(TestHosts.NOW);
        assertThat(stats.cpu().usage().total()).isEqualTo(5_867_466_000L);
        assertThat(stats.cpu().usage().user()).isEqualTo(5_342_377_000L);
        assertThat(stats.cpu().usage().system()).isEqualTo(525_088_000L);
        // v2 has no per-cpu usage.
        assertThat(stats.cpu().usage().perCpuUsage()).isNull();
        assertThat(stats.cpu().cfs()).isEqualTo(new CpuCfs(118, 117, 5_803_215_000L, 0, 0));
        assertThat(stats.cpu().psi().some()).isEqualTo(new PsiData(6986253, 35.72, 9.09, 2.01));
        assertThat(stats.cpu().psi().full()).isEqualTo(new PsiData(5833218, 30.97, 7.48, 1.64));
    }

    @Test
    void demoMemoryFromMemoryCurrentAndStat() throws Exception {
        var memory = readers.open("/demo").stats().memory();
        assertThat(memory.usage()).isEqualTo(41332736);
        assertThat(memory.maxUsage()).isEqualTo(44728320);
        assertThat(memory.cache()).isEqualTo(16777216);
        assertThat(memory.rss()).isEqualTo(24227840);
        assertThat(memory.swap()).isZero();
        assertThat(memory.mappedFile()).isZero();
        assertThat(memory.totalInactiveFile()).isZero();
        assertThat(memory.workingSet()).isEqualTo(41332736);
        assertThat(memory.failcnt()).isZero();
        assertThat(memory.kernel()).isZero();
        assertThat(memory.containerData().pgfault()).isEqualTo(14292);
        assertThat(memory.hierarchicalData().pgfault()).isEqualTo(14292);
        assertThat(memory.events()).isEqualTo(MemoryEvents.ZERO);
        assertThat(memory.psi().some()).isEqualTo(PsiData.ZERO);
        // Upstream reads no NUMA stats on v2 (docs/data-sources.md §3.4), even with memory_numa on.
        assertThat(memory.containerData().numaStats()).isNull();
    }

    @Test
    void demoIoStatAndPressure() throws Exception {
        var diskio = readers.open("/demo").stats().diskio();
        assertThat(diskio.ioServiceBytes()).containsExactly(
                new PerDiskStats("/dev/vda", 254, 0, Map.of("Read", 8388608L, "Write", 8388608L)));
        assertThat(diskio.ioServiced()).containsExactly(
                new PerDiskStats("/dev/vda", 254, 0, Map.of("Read", 8L, "Write", 8L)));
        assertThat(diskio.sectors()).isEmpty();
        assertThat(diskio.psi().some()).isEqualTo(new PsiData(3785235, 20.61, 5.70, 1.27));
    }

    @Test
    void rootIoStatNamesBothDisksFromSysBlock() throws Exception {
        var diskio = readers.open("/").stats().diskio();
        assertThat(diskio.ioServiceBytes()).extracting(PerDiskStats::device, PerDiskStats::minor)
                .containsExactly(tuple("/dev/vdb", 16L), tuple("/dev/vda", 0L));
        assertThat(diskio.ioServiced()).extracting(PerDiskStats::device).containsExactly("/dev/vdb", "/dev/vda");
    }

    @Test
    void demoProcessesHugetlbAndOom() throws Exception {
        ContainerStats stats = readers.open("/demo").stats();
        assertThat(stats.processes()).isEqualTo(new ProcessStats(3, 0, 0, 3, 100, List.of()));
        assertThat(stats.hugetlb()).containsOnlyKeys("2MB", "1GB");
        assertThat(stats.hugetlb().get("2MB")).isEqualTo(new HugetlbStats(0, 0, 0));
        assertThat(stats.oomEvents()).isZero();
        assertThat(stats.network()).isNull();
        assertThat(stats.cpuset().memoryMigrate()).isZero();
    }

    @Test
    void oomCgroupCountsItsKill() throws Exception {
        CgroupContainer oom = readers.open("/oom");
        ContainerStats stats = oom.stats();
        assertThat(stats.oomEvents()).isEqualTo(1);
        assertThat(stats.memory().events()).isEqualTo(new MemoryEvents(0, 35));
        ContainerSpec spec = oom.spec();
        assertThat(spec.memory().limit()).isEqualTo(16L << 20);
        assertThat(spec.memory().swapLimit()).isZero();
    }

    @Test
    void oomCountIsLeftOutWhenTheGroupIsOff() throws Exception {
        EnumSet<MetricKind> kinds = EnumSet.allOf(MetricKind.class);
        kinds.remove(MetricKind.OOM_EVENT);
        assertThat(TestHosts.fixtureReaders("cgroup-v2-systemd", kinds).open("/oom").stats().oomEvents()).isZero();
    }

    @Test
    void dockerScopeHas128MAndNoQuota() throws Exception {
        CgroupContainer scope = readers.open(DOCKER);
        ContainerSpec spec = scope.spec();
        assertThat(spec.memory().limit()).isEqualTo(128L << 20);
        assertThat(spec.memory().swapLimit()).isEqualTo(Uint64.MAX);
        // cpu.max "max 100000": no quota; no cpuset controller → 0-(NumCores-1).
        assertThat(spec.cpu()).isEqualTo(new CpuSpec(2597, 0, "0-1", 0, 100000));
        assertThat(spec.processes().limit()).isEqualTo(Uint64.MAX);
        ContainerStats stats = scope.stats();
        assertThat(stats.memory().usage()).isEqualTo(98304);
        // system.slice does not enable hugetlb: no hugetlb files, no entries.
        assertThat(stats.hugetlb()).isEmpty();
    }

    @Test
    void rootUsesMemoryStatAndMachineLimits() throws Exception {
        CgroupContainer root = readers.open("/");
        ContainerStats stats = root.stats();
        // No memory.current at the root: anon + file of the root memory.stat.
        assertThat(stats.memory().usage()).isEqualTo(24449024L + 20357120L);
        assertThat(stats.memory().workingSet()).isEqualTo(24449024L + 20357120L);
        assertThat(stats.memory().swap()).isZero();
        assertThat(stats.cpu().usage().total()).isEqualTo(8_400_000_000L);
        assertThat(stats.diskio().ioServiceBytes()).hasSize(2);
        assertThat(stats.processes().processCount()).isEqualTo(62);
        assertThat(stats.processes().threadsCurrent()).isEqualTo(62);
        ContainerSpec spec = root.spec();
        assertThat(spec.hasMemory()).isTrue();
        assertThat(spec.memory().limit()).isEqualTo(984832L * 1024);
        assertThat(spec.memory().swapLimit()).isZero();
        assertThat(spec.cpu().quota()).isZero();
        assertThat(spec.cpu().mask()).isEqualTo("0-1");
        assertThat(spec.hasHugetlb()).isFalse();
    }

    @Test
    void threadsAreCountedFromCgroupProcsWhenThePidsControllerIsOff() throws Exception {
        // nopids.scope: the docker scope without pids.* (its parent enables only cpu io memory).
        CgroupContainer scope = TestHosts.fixtureReaders("cgroup-v2-derived", TestHosts.all())
                .open("/system.slice/nopids.scope");
        // Upstream: no pids.current → the lines of cgroup.procs (135), limit 0.
        assertThat(scope.stats().processes()).isEqualTo(new ProcessStats(1, 0, 0, 1, 0, List.of()));
        assertThat(scope.spec().processes()).isEqualTo(new ProcessSpec(0));
    }

    @Test
    void oomFallbackCountsOnlyKillsInTheCgroupItself() throws Exception {
        CgroupReaders derived = TestHosts.fixtureReaders("cgroup-v2-derived", TestHosts.all());
        // The kill happened in nopids.scope: memory.events.local oom_kill 1 there, 0 in system.slice,
        // whose hierarchical memory.events also says oom_kill 1. The kernel log would name only the scope.
        assertThat(derived.open("/system.slice/nopids.scope").stats().oomEvents()).isEqualTo(1);
        assertThat(derived.open("/system.slice").stats().oomEvents()).isZero();
    }

    @Test
    void cpuRateOverTheSecondSnapshotIsHalfACore() throws Exception {
        // Captured uptimes 13.31 s and 17.96 s: 4.65 s apart.
        ContainerStats first = readers.open("/demo").stats();
        ContainerStats second = TestHosts.readers(TestHosts.fixture("cgroup-v2-t1s"), TestHosts.all(),
                Clock.fixed(TestHosts.NOW.plusMillis(4650), ZoneOffset.UTC)).open("/demo").stats();
        assertThat(second.cpu().cfs()).isEqualTo(new CpuCfs(159, 158, 7_814_859_000L, 0, 0));
        CpuInstUsage rate = V2Conversions.instCpuStats(first, second).usage();
        // (7965908 - 5867466) µs / 4.65 s = 451277849 ns/s: the cpu.max quota of 0.5 CPU, throttled.
        assertThat(rate.total()).isCloseTo(451_277_849L, within(1L));
        assertThat(rate.user()).isCloseTo(450_563_225L, within(1L));
        assertThat(rate.system()).isCloseTo(714_623L, within(1L));
        assertThat(rate.perCpuUsage()).isEmpty();
    }

    @Test
    void defaultGroupsLeaveOptionalSectionsOut() throws Exception {
        ContainerStats stats = TestHosts.fixtureReaders("cgroup-v2-systemd", TestHosts.defaults()).open("/demo").stats();
        assertThat(stats.processes()).isNull();
        assertThat(stats.hugetlb()).isNull();
        assertThat(stats.diskio()).isNotNull();
        assertThat(stats.cpu().psi().some().total()).isEqualTo(6986253);
    }

    @Test
    void unknownCgroupIsGone() {
        CgroupContainer missing = readers.open("/no-such-cgroup");
        assertThat(missing.exists()).isFalse();
        assertThatThrownBy(missing::stats).isInstanceOf(ContainerGoneException.class);
        assertThatThrownBy(missing::spec).isInstanceOf(ContainerGoneException.class);
        assertThat(missing.pids()).isEmpty();
    }

    @Test
    void pidsOfTheCgroupItself() {
        assertThat(readers.open("/demo").pids()).containsExactly(133, 134, 143);
    }
}
