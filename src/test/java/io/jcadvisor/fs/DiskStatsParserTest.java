package io.jcadvisor.fs;

import io.jcadvisor.host.HostFs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DiskStatsParserTest {

    @Test
    void readsTheNumaFixture() {
        var stats = DiskStatsParser.parse(new HostFs(Path.of("src/test/resources/host/numa-2node"))
                .readLines("/proc/diskstats"));
        assertThat(stats).containsOnlyKeys("/dev/vda", "/dev/vdb");
        // " 254 0 vda 11 0 16408 8 8 0 16384 6 0 0 14 0 0 0 0 0 0": the 11 classic columns only.
        assertThat(stats.get("/dev/vda")).isEqualTo(new DiskStats("vda", 254, 0, 11, 0, 16408, 8, 8, 0, 16384, 6, 0, 0,
                14));
    }

    @ParameterizedTest
    @CsvSource({"sda,true", "sda1,true", "vdb,true", "xvda2,true", "dm-0,true", "sdaa,true",
            "nvme0n1,false", "mmcblk0,false", "md0,false", "loop0,false", "dm-x,false", "sd,false"})
    void onlyUpstreamsDeviceNamesGetCounters(String name, boolean kept) {
        assertThat(DiskStatsParser.parse(List.of(" 8 0 " + name + " 1 2 3 4 5 6 7 8 9 10 11")))
                .hasSize(kept ? 1 : 0);
    }

    @Test
    void shortOrGarbageLinesAreSkippedAndUint64IsKept() {
        var stats = DiskStatsParser.parse(List.of("", "8 0 sda 1 2 3", "8 1 sda1 x 2 3 4 5 6 7 8 9 10 11",
                "8 2 sda2 18446744073709551615 0 0 0 0 0 0 0 0 0 0"));
        assertThat(stats).containsOnlyKeys("/dev/sda2");
        assertThat(Long.toUnsignedString(stats.get("/dev/sda2").readsCompleted())).isEqualTo("18446744073709551615");
    }
}
