package io.jcadvisor.machine;

import io.jcadvisor.fs.PartitionSource;
import io.jcadvisor.fs.RootFsStatsSource;
import io.jcadvisor.info.v1.MachineInfo;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The beans are wired from config (host root {@code /}, Docker root, update interval) and read this host. */
@QuarkusTest
class MachineInfoWiringTest {

    @Inject
    MachineInfoSource machineInfo;

    @Inject
    PartitionSource partitions;

    @Inject
    RootFsStatsSource rootFsStats;

    @Inject
    HostVersions versions;

    @Test
    void machineInfoAndFilesystemsComeFromTheConfiguredHost() throws IOException {
        MachineInfo info = machineInfo.read();
        assertThat(info.numCores()).isPositive();
        assertThat(info.memoryCapacity()).isPositive();
        assertThat(info.bootId()).isEqualTo(Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).trim());
        assertThat(partitions.partitions()).anySatisfy(p -> assertThat(p.labels()).contains("root"));
        assertThat(rootFsStats.rootFsStats()).isNotEmpty();
        assertThat(info.filesystems()).hasSameSizeAs(rootFsStats.rootFsStats());
        assertThat(versions.kernelVersion()).isNotBlank();
    }
}
