package io.jcadvisor.proc;

import io.jcadvisor.info.v1.UlimitSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LimitsParserTest {

    private static final String HEADER = "Limit                     Soft Limit           Hard Limit           Units     ";

    @Test
    void readsSoftAndHardOpenFiles() {
        assertThat(LimitsParser.maxOpenFiles(List.of(HEADER,
                "Max processes             3803                 3803                 processes ",
                "Max open files            1024                 4096                 files     ")))
                .contains(new UlimitSpec("max_open_files", 1024, 4096));
    }

    @Test
    void unlimitedIsMinusOne() {
        assertThat(LimitsParser.maxOpenFiles(List.of(HEADER,
                "Max open files            unlimited            unlimited            files     ")))
                .contains(new UlimitSpec("max_open_files", -1, -1));
    }

    @Test
    void missingRowOrGarbageIsAbsent() {
        assertThat(LimitsParser.maxOpenFiles(List.of(HEADER))).isEmpty();
        assertThat(LimitsParser.maxOpenFiles(List.of())).isEmpty();
        assertThat(LimitsParser.maxOpenFiles(List.of("Max open files            many    4096   files"))).isEmpty();
        assertThat(LimitsParser.maxOpenFiles(List.of("Max open files"))).isEmpty();
    }

    @Test
    void softLimitOfAnyRowUnlimitedIsMinusOne() {
        List<String> lines = List.of(HEADER,
                "Max open files            1024                 4096                 files     ",
                "Max address space         unlimited            unlimited            bytes     ");
        assertThat(LimitsParser.softLimit(lines, "Max open files")).hasValue(1024);
        assertThat(LimitsParser.softLimit(lines, "Max address space")).hasValue(-1);
        assertThat(LimitsParser.softLimit(lines, "Max processes")).isEmpty();
        assertThat(LimitsParser.softLimit(List.of("Max open files per user   7   7"), "Max open files")).isEmpty();
    }
}
