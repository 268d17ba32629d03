package io.jcadvisor.resctrl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class ResctrlParserTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0|0",
        "  3096457216  |3096457216",
        "18446744073709551615|-1",
    })
    void countersAreUnsignedDecimals(String text, long expected) {
        assertThat(ResctrlParser.counter(text)).hasValue(expected);
    }

    @Test
    void kernelFilesEndWithANewline() {
        assertThat(ResctrlParser.counter("1441792\n")).hasValue(1441792);
        assertThat(ResctrlParser.counter("Unavailable\n")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "Unavailable", "Error", "''", "garbage", "-5", "18446744073709551616", "NULL", "12 34"})
    void unreadableCountersAreAbsent(String text) {
        assertThat(ResctrlParser.counter(text)).isEqualTo(OptionalLong.empty());
    }

    @Test
    void domainsAreMonL3DirectoriesByCacheId() {
        assertThat(ResctrlParser.domain("mon_L3_00")).hasValue(0);
        assertThat(ResctrlParser.domain("mon_L3_01")).hasValue(1);
        assertThat(ResctrlParser.domain("mon_L3_12")).hasValue(12);
        assertThat(ResctrlParser.domain("mon_L3_")).isEqualTo(OptionalInt.empty());
        assertThat(ResctrlParser.domain("mon_L3_x")).isEqualTo(OptionalInt.empty());
        assertThat(ResctrlParser.domain("mon_L2_00")).isEqualTo(OptionalInt.empty());
        assertThat(ResctrlParser.domain("mon_L3_99999999999")).isEqualTo(OptionalInt.empty());
    }

    @Test
    void featuresNameTheEvents() {
        assertThat(ResctrlParser.features(List.of("llc_occupancy", "mbm_total_bytes", "mbm_local_bytes")))
                .isEqualTo(new MonFeatures(true, true, true));
        MonFeatures cmtOnly = ResctrlParser.features(List.of("llc_occupancy"));
        assertThat(cmtOnly.mbm()).isFalse();
        assertThat(cmtOnly.any()).isTrue();
        assertThat(ResctrlParser.features(List.of("mbm_total_bytes_config", ""))).isEqualTo(MonFeatures.NONE);
        assertThat(MonFeatures.NONE.any()).isFalse();
    }

    @Test
    void numRmidsIsAPositiveCount() {
        assertThat(ResctrlParser.numRmids("176\n")).hasValue(176);
        assertThat(ResctrlParser.numRmids("0")).isEmpty();
        assertThat(ResctrlParser.numRmids("garbage")).isEmpty();
        assertThat(ResctrlParser.numRmids(null)).isEmpty();
    }

    @Test
    void tasksSkipBadLines() {
        assertThat(ResctrlParser.tasks(List.of("1", " 100 ", "", "x", "101"))).containsExactly(1, 100, 101);
    }

    @Test
    void groupNamesFollowUpstream() {
        assertThat(ResctrlParser.groupName("/docker/abc")).isEqualTo("cadvisor-docker-abc");
        assertThat(ResctrlParser.groupName("/system.slice/docker-1.scope"))
                .isEqualTo("cadvisor-system.slice-docker-1.scope");
        assertThat(ResctrlParser.groupName("/demo")).isEqualTo("cadvisor-demo");
        assertThat(ResctrlParser.isOurs("cadvisor-demo")).isTrue();
        assertThat(ResctrlParser.isOurs("other-tool")).isFalse();
        assertThat(ResctrlParser.isOurs("cadvisorish")).isFalse();
    }
}
