package io.jcadvisor.proc;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class PidStatusParserTest {

    @Test
    void readsEffectiveUidAndSizes() {
        assertThat(PidStatusParser.parse(List.of("Name:\tawk", "State:\tS (sleeping)",
                "Uid:\t1000\t997\t1000\t1000", "VmPeak:\t   40660 kB", "VmSize:\t   25700 kB", "VmLck:\t       8 kB",
                "VmRSS:\t   24944 kB")))
                .isEqualTo(new PidStatus(OptionalLong.of(997), 24944, 25700, 8));
    }

    @Test
    void kernelThreadHasNoSizes() {
        assertThat(PidStatusParser.parse(List.of("Name:\tkthreadd", "Uid:\t0\t0\t0\t0", "Threads:\t1")))
                .isEqualTo(new PidStatus(OptionalLong.of(0), 0, 0, 0));
    }

    @Test
    void garbageLeavesValuesAbsent() {
        assertThat(PidStatusParser.parse(List.of("Uid:\tnobody", "VmRSS:\tlots kB", "junk", "VmSize:")))
                .isEqualTo(new PidStatus(OptionalLong.empty(), 0, 0, 0));
        assertThat(PidStatusParser.parse(List.of())).isEqualTo(new PidStatus(OptionalLong.empty(), 0, 0, 0));
    }
}
