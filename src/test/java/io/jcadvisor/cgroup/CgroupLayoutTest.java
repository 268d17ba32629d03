package io.jcadvisor.cgroup;

import io.jcadvisor.config.EnabledMetrics;
import io.jcadvisor.config.MetricKind;
import io.jcadvisor.fs.MountInfoParser;
import io.jcadvisor.host.HostFacts;
import io.jcadvisor.host.HostFs;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CgroupLayoutTest {

    private static CgroupLayout layout(EnabledMetrics metrics, String... lines) {
        return new CgroupLayout(MountInfoParser.parse(List.of(lines)), metrics);
    }

    private static EnabledMetrics all() {
        return new EnabledMetrics(TestHosts.all());
    }

    @Test
    void unifiedMountAtSysFsCgroupIsV2() {
        CgroupLayout layout = new CgroupLayout(new HostFacts(new HostFs(TestHosts.fixture("cgroup-v2-systemd"))),
                new EnabledMetrics(TestHosts.defaults()));
        assertThat(layout.mode()).isEqualTo(CgroupMode.V2);
        assertThat(layout.unified()).isTrue();
        assertThat(layout.hierarchyRoots()).containsExactly("/sys/fs/cgroup");
        assertThat(layout.subsystems()).isEmpty();
    }

    @Test
    void coMountedCpuAndCpuacctShareOneRoot() {
        CgroupLayout layout = new CgroupLayout(new HostFacts(new HostFs(TestHosts.fixture("cgroup-v1-docker"))), all());
        assertThat(layout.mode()).isEqualTo(CgroupMode.V1);
        assertThat(layout.mountPoint("cpu")).hasValue("/sys/fs/cgroup/cpu,cpuacct");
        assertThat(layout.mountPoint("cpuacct")).hasValue("/sys/fs/cgroup/cpu,cpuacct");
        assertThat(layout.hierarchyRoots()).containsExactly("/sys/fs/cgroup/cpu,cpuacct", "/sys/fs/cgroup/memory",
                "/sys/fs/cgroup/blkio", "/sys/fs/cgroup/pids", "/sys/fs/cgroup/cpuset", "/sys/fs/cgroup/devices",
                "/sys/fs/cgroup/hugetlb", "/sys/fs/cgroup/perf_event");
        // Untracked controllers are not hierarchies of ours.
        assertThat(layout.mountPoint("freezer")).isEmpty();
        assertThat(layout.mountPoint("net_cls")).isEmpty();
    }

    @Test
    void hybridHostWithSeparateCpuAndCpuacctIgnoresTheUnifiedMount() {
        CgroupLayout layout = new CgroupLayout(new HostFacts(new HostFs(TestHosts.fixture("hybrid"))),
                new EnabledMetrics(TestHosts.defaults()));
        assertThat(layout.mode()).isEqualTo(CgroupMode.HYBRID);
        assertThat(layout.mountPoint("cpu")).hasValue("/sys/fs/cgroup/cpu");
        assertThat(layout.mountPoint("cpuacct")).hasValue("/sys/fs/cgroup/cpuacct");
        // Default groups: hugetlb and perf_event are off; devices is always tracked, and so are cpuset
        // and pids, which the spec reads (mask, process limit) although their groups are off.
        assertThat(layout.subsystems()).containsOnlyKeys("cpu", "cpuacct", "memory", "blkio", "pids", "cpuset",
                "devices");
        assertThat(layout.hierarchyRoots()).doesNotContain("/sys/fs/cgroup/unified");
    }

    @Test
    void disabledGroupsDropTheirControllers() {
        CgroupLayout layout = layout(new EnabledMetrics(EnumSet.of(MetricKind.CPU)),
                "1 0 0:1 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct",
                "2 0 0:2 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory",
                "3 0 0:3 / /sys/fs/cgroup/devices rw - cgroup cgroup rw,devices");
        assertThat(layout.subsystems()).isEqualTo(Map.of("cpu", "/sys/fs/cgroup/cpu,cpuacct",
                "cpuacct", "/sys/fs/cgroup/cpu,cpuacct", "devices", "/sys/fs/cgroup/devices"));
    }

    @Test
    void firstMountWinsPerSubsystemAndNoprefixIsNoticed() {
        CgroupLayout layout = layout(all(),
                "1 0 0:1 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory",
                "2 0 0:1 / /mnt/memory-again rw - cgroup cgroup rw,memory",
                "3 0 0:3 / /dev/cpuset rw - cgroup cgroup rw,cpuset,noprefix");
        assertThat(layout.mountPoint("memory")).hasValue("/sys/fs/cgroup/memory");
        assertThat(layout.mountPoint("cpuset")).hasValue("/dev/cpuset");
        assertThat(layout.cpusetNoprefix()).isTrue();
    }

    @Test
    void cgroup2ElsewhereThanSysFsCgroupIsNotV2() {
        CgroupLayout layout = layout(all(),
                "1 0 0:1 / /sys/fs/cgroup tmpfs rw - tmpfs tmpfs rw",
                "2 0 0:2 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw");
        assertThat(layout.mode()).isEqualTo(CgroupMode.HYBRID);
        assertThat(layout.hierarchyRoots()).isEmpty();
    }

    @Test
    void noMountinfoMeansV1WithNothingTracked(@org.junit.jupiter.api.io.TempDir Path empty) {
        CgroupLayout layout = new CgroupLayout(new HostFacts(new HostFs(empty)), all());
        assertThat(layout.mode()).isEqualTo(CgroupMode.V1);
        assertThat(layout.hierarchyRoots()).isEmpty();
    }
}
