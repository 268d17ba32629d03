package io.jcadvisor.machine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SysfsParserTest {

    @Test
    void cpuLists() {
        assertThat(SysfsParser.cpuList("0-1\n")).contains(List.of(0, 1));
        assertThat(SysfsParser.cpuList("0-2,5,7-8")).contains(List.of(0, 1, 2, 5, 7, 8));
        assertThat(SysfsParser.cpuList("\n")).contains(List.of());
        assertThat(SysfsParser.cpuList("3-1")).isEmpty();
        assertThat(SysfsParser.cpuList("a-b")).isEmpty();
        assertThat(SysfsParser.cpuList("0-4294967295")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"1|1", "3|2", "ff|8", "00000000,0000000f|4", "f,f|8"})
    void maskCounts(String mask, int count) {
        assertThat(SysfsParser.maskCount(mask)).hasValue(count);
    }

    @Test
    void badMasksAreAbsent() {
        assertThat(SysfsParser.maskCount("")).isEmpty();
        assertThat(SysfsParser.maskCount("xyz")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"64K,65536", "16384K,16777216", "2M,2097152", "512,512"})
    void cacheSizes(String text, long bytes) {
        assertThat(SysfsParser.cacheSize(text + "\n")).hasValue(bytes);
    }

    @Test
    void badCacheSizeIsAbsent() {
        assertThat(SysfsParser.cacheSize("K")).isEmpty();
        assertThat(SysfsParser.cacheSize("")).isEmpty();
    }

    @Test
    void schedulerIsTheBracketedEntry() {
        assertThat(SysfsParser.scheduler("[mq-deadline] kyber bfq none\n")).isEqualTo("mq-deadline");
        assertThat(SysfsParser.scheduler("none [bfq]")).isEqualTo("bfq");
        assertThat(SysfsParser.scheduler("none")).isEqualTo("none");
    }

    @Test
    void distancesAndDevNumbers() {
        assertThat(SysfsParser.distances("10 20\n")).contains(List.of(10L, 20L));
        assertThat(SysfsParser.distances("10 x")).isEmpty();
        assertThat(SysfsParser.majorMinor("254:16\n")).hasValueSatisfying(d -> assertThat(d).containsExactly(254, 16));
        assertThat(SysfsParser.majorMinor("254")).isEmpty();
        assertThat(SysfsParser.longValue("-1\n")).hasValue(-1);
        assertThat(SysfsParser.indexAfter("node12", "node")).isEqualTo(12);
        assertThat(SysfsParser.indexAfter("cpufreq", "cpu")).isEqualTo(-1);
        assertThat(SysfsParser.indexAfter("cpu", "cpu")).isEqualTo(-1);
    }
}
