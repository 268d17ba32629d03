package io.jcadvisor.machine;

import io.jcadvisor.host.HostFs;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CpuInfoParserTest {

    @Test
    void readsTheNumaFixture() {
        CpuInfo cpu = CpuInfoParser.parse(new HostFs(Path.of("src/test/resources/host/numa-2node"))
                .readLines("/proc/cpuinfo"));
        assertThat(cpu.vendorId()).contains("AuthenticAMD");
        assertThat(cpu.physicalCores()).isEqualTo(2);
        assertThat(cpu.sockets()).isEqualTo(1);
        assertThat(cpu.firstMhz()).hasValue(2596.148);
        assertThat(cpu.books()).isZero();
    }

    @Test
    void sameCoreIdOnTwoSocketsCountsOnceLikeUpstream() {
        CpuInfo cpu = CpuInfoParser.parse(List.of(
                "processor\t: 0", "physical id\t: 0", "core id\t\t: 0", "",
                "processor\t: 1", "physical id\t: 1", "core id\t\t: 0"));
        assertThat(cpu.physicalCores()).isEqualTo(1);
        assertThat(cpu.sockets()).isEqualTo(2);
    }

    @Test
    void armCpuinfoWithoutCoreIdGivesZerosForTheSysfsFallback() {
        CpuInfo cpu = CpuInfoParser.parse(List.of(
                "processor\t: 0", "BogoMIPS\t: 50.00", "CPU implementer\t: 0x41", "",
                "processor\t: 1", "BogoMIPS\t: 50.00"));
        assertThat(cpu.physicalCores()).isZero();
        assertThat(cpu.sockets()).isZero();
        assertThat(cpu.vendorId()).isEmpty();
        assertThat(cpu.firstMhz()).isEmpty();
    }

    @Test
    void s390xBooksAndDrawers() {
        CpuInfo cpu = CpuInfoParser.parse(List.of("book id : 1", "drawer id : 0", "book id : 2", "drawer id : 0"));
        assertThat(cpu.books()).isEqualTo(2);
        assertThat(cpu.drawers()).isEqualTo(1);
    }

    @Test
    void ppcClockWithUnitSuffix() {
        assertThat(CpuInfoParser.parse(List.of("clock\t\t: 2900.000000MHz")).firstMhz()).hasValue(2900.0);
    }

    @Test
    void emptyOrGarbageInputGivesAbsentValues() {
        assertThat(CpuInfoParser.parse(List.of())).isEqualTo(CpuInfo.EMPTY);
        CpuInfo garbage = CpuInfoParser.parse(List.of("cpu MHz : fast", "cpu MHz : 1.2.3.4", "no colon here", ":"));
        assertThat(garbage.firstMhz()).isEmpty();
    }
}
