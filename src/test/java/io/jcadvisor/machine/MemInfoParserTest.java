package io.jcadvisor.machine;

import io.jcadvisor.host.HostFs;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MemInfoParserTest {

    @Test
    void readsTheNumaFixture() {
        MemInfo mem = MemInfoParser.parse(new HostFs(Path.of("src/test/resources/host/numa-2node"))
                .readLines("/proc/meminfo"));
        assertThat(mem.bytes("MemTotal")).hasValue(984832L * 1024);
        assertThat(mem.bytes("MemAvailable")).hasValue(798956L * 1024);
        assertThat(mem.bytes("SwapTotal")).hasValue(0);
        assertThat(mem.value("HugePages_Total")).hasValue(0);
        // VmallocTotal is 34359738367 kB: no overflow.
        assertThat(mem.value("VmallocTotal")).hasValue(34359738367L);
    }

    @Test
    void oldKernelWithoutMemAvailable() {
        MemInfo mem = MemInfoParser.parse(List.of("MemTotal:  1024 kB", "MemFree:  512 kB", "Buffers: 10 kB"));
        assertThat(mem.bytes("MemAvailable")).isEmpty();
        assertThat(mem.bytes("MemTotal")).hasValue(1024L * 1024);
    }

    @Test
    void nodeMeminfoLinesHaveANodePrefix() {
        MemInfo mem = MemInfoParser.parse(List.of("Node 1 MemTotal:         515468 kB",
                "Node 1 HugePages_Total:     0"));
        assertThat(mem.bytes("MemTotal")).hasValue(515468L * 1024);
        assertThat(mem.value("HugePages_Total")).hasValue(0);
    }

    @Test
    void garbageAndEmptyValuesAreAbsent() {
        MemInfo mem = MemInfoParser.parse(List.of("MemTotal: lots kB", "SwapTotal:", "", "Node", ": 5 kB",
                "Huge: 18446744073709551615"));
        assertThat(mem.bytes("MemTotal")).isEmpty();
        assertThat(mem.bytes("SwapTotal")).isEmpty();
        assertThat(mem.value("Huge")).hasValue(-1L);
        assertThat(MemInfoParser.parse(List.of())).isEqualTo(MemInfo.EMPTY);
    }
}
