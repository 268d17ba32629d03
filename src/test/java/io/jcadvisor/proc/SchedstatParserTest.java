package io.jcadvisor.proc;

import io.jcadvisor.info.v1.CpuSchedstat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class SchedstatParserTest {

    @Test
    void readsRunWaitAndSlices() {
        assertThat(SchedstatParser.parse("48700000000 1200000 118\n"))
                .contains(new CpuSchedstat(48_700_000_000L, 1_200_000, 118));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n", "1 2", "1 2 x", "-1 2 3", "garbage"})
    void shortOrNonNumericIsAbsent(String text) {
        assertThat(SchedstatParser.parse(text)).isEmpty();
    }
}
