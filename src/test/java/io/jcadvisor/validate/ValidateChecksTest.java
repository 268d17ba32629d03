package io.jcadvisor.validate;

import io.jcadvisor.container.ValidateResult;
import io.jcadvisor.api.ApiFixture;
import io.jcadvisor.cgroup.CgroupMode;
import io.jcadvisor.info.v1.DiskInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class ValidateChecksTest {

    @ParameterizedTest
    @CsvSource({
            "6.1.0-13-amd64, [Supported and recommended]",
            "3.10.0, [Supported and recommended]",
            "2.6.32, '[Supported, but not recommended]'",
            "2.4.1, [Unsupported]",
            "weird, [Unknown]"})
    void kernelVersionVerdict(String release, String token) {
        assertThat(ValidateChecks.kernel(release).headline()).isEqualTo(token);
    }

    @Test
    void sectionShapeIsTitleStatusTabbedDescriptionBlankLine() {
        assertThat(ValidateChecks.kernel("6.1.0").render()).isEqualTo("Kernel version: [Supported and recommended]\n"
                + "\tKernel version is 6.1.0. Versions >= 2.6 are supported. 3.0+ are recommended.\n\n");
        assertThat(ValidateResult.value("cAdvisor version", "0.1.0").render()).isEqualTo("cAdvisor version: 0.1.0\n\n");
    }

    @Test
    void cgroupSetupFromProcCgroups() {
        List<String> all = List.of("#subsys_name\thierarchy\tnum_cgroups\tenabled", "cpuset\t3\t1\t1", "cpu\t1\t1\t1",
                "cpuacct\t2\t1\t1", "blkio\t7\t1\t1", "memory\t4\t45\t1", "devices\t5\t1\t1", "freezer\t6\t1\t1");
        ValidateResult ok = ValidateChecks.cgroups(CgroupMode.HYBRID, all, "");
        assertThat(ok.headline()).isEqualTo("[Supported and recommended]");
        assertThat(ok.details().get(0)).isEqualTo(
                "Available cgroups: map[blkio:1 cpu:1 cpuacct:1 cpuset:1 devices:1 freezer:1 memory:1]");
        List<String> noMemory = all.stream().map(l -> l.startsWith("memory") ? "memory\t4\t45\t0" : l).toList();
        assertThat(ValidateChecks.cgroups(CgroupMode.V1, noMemory, "").headline())
                .isEqualTo("[Supported, but not recommended]");
        assertThat(ValidateChecks.cgroups(CgroupMode.V1, List.of("cpu\t1\t1\t1"), "").headline())
                .isEqualTo("[Unsupported]");
        assertThat(ValidateChecks.cgroups(CgroupMode.V2, List.of(), "cpuset cpu io memory pids\n").headline())
                .isEqualTo("[Supported and recommended]");
    }

    @Test
    void inotifyAndMountsAndContainers() {
        assertThat(ValidateChecks.inotify(OptionalLong.empty(), OptionalLong.of(128)).headline()).isEqualTo("[Unknown]");
        assertThat(ValidateChecks.inotify(OptionalLong.of(8192), OptionalLong.of(128)).headline())
                .isEqualTo("[Supported and recommended]");
        assertThat(ValidateChecks.cgroupMounts(CgroupMode.V2, List.of()).headline()).isEqualTo("[Unsupported]");
        String managed = ValidateChecks.managedContainers(ApiFixture.all()).render();
        assertThat(managed).startsWith("Managed containers: \n\t/\n\t/docker\n\t" + ApiFixture.DOCKER_NAME
                + "\n\t\tNamespace: docker\n\t\tAliases:\n\t\t\tweb\n\t\t\t" + ApiFixture.ID + "\n");
    }

    @Test
    void blockDeviceSetupListsEachDisksSchedulerAndWantsOneWithCgroupAccounting() {
        DiskInfo vda = new DiskInfo("vda", 254, 0, 1L << 30, "mq-deadline");
        DiskInfo sda = new DiskInfo("sda", 8, 0, 1L << 30, "bfq");

        ValidateResult plain = ValidateChecks.blockDevices(CgroupMode.HYBRID, List.of(vda));
        assertThat(plain.render()).isEqualTo("Block device setup: [Supported, but not recommended]\n"
                + "\tNone of the devices use the 'cfq' or 'bfq' I/O scheduler. Disk I/O bytes and operations are "
                + "reported; time, sector and queue stats are not.\n"
                + "\t Disk \"vda\" Scheduler type \"mq-deadline\".\n\n");
        ValidateResult bfq = ValidateChecks.blockDevices(CgroupMode.V1, List.of(vda, sda));
        assertThat(bfq.headline()).isEqualTo("[Supported and recommended]");
        assertThat(bfq.details()).containsExactly(
                "At least one device uses the 'cfq' or 'bfq' I/O scheduler. All disk stats can be reported for it.",
                " Disk \"vda\" Scheduler type \"mq-deadline\".", " Disk \"sda\" Scheduler type \"bfq\".");
        assertThat(ValidateChecks.blockDevices(CgroupMode.V2, List.of(vda)).headline())
                .isEqualTo("[Supported and recommended]");
        assertThat(ValidateChecks.blockDevices(CgroupMode.V1, null).headline()).isEqualTo("[Unknown]");
    }
}
