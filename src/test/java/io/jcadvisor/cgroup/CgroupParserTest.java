package io.jcadvisor.cgroup;

import io.jcadvisor.info.v1.PsiData;
import io.jcadvisor.info.v1.PsiStats;
import io.jcadvisor.info.v1.Uint64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class CgroupParserTest {

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            "67108864\\n|67108864",
            "  42  |42",
            "0|0",
            "9223372036854771712\\n|9223372036854771712",
            "9223372036854775807|9223372036854775807",
            // Above Long.MAX_VALUE: kept as the unsigned bit pattern.
            "9223372036854775808|-9223372036854775808",
            "18446744073709551615|-1",
            "max\\n|-1",
    })
    void parsesSingleUnsignedValues(String text, long expected) {
        assertThat(CgroupParser.parseUint(text.replace("\\n", "\n"))).hasValue(expected);
    }

    @ParameterizedTest(name = "\"{0}\" is absent")
    @ValueSource(strings = {"", "\n", "garbage", "12abc", "-1", "1.5", "18446744073709551616", "99999999999999999999",
            "maximum", "1 2"})
    void malformedSingleValuesAreAbsent(String text) {
        assertThat(CgroupParser.parseUint(text)).isEmpty();
    }

    @ParameterizedTest
    @NullSource
    void missingFileIsAbsent(String text) {
        assertThat(CgroupParser.parseUint(text)).isEmpty();
        assertThat(CgroupParser.parseInt64(text)).isEmpty();
        assertThat(CgroupParser.parseCpuMax(text)).isNull();
        assertThat(CgroupParser.parsePsi(text)).isNull();
        assertThat(CgroupParser.parsePerCpu(text)).isNull();
        assertThat(CgroupParser.parseNumaStat(text, new String[] {"file"})).isNull();
        assertThat(CgroupParser.parseKeyed(text, ' ', new String[] {"a"}, new long[1])).isZero();
        assertThat(CgroupParser.countLines(text)).isZero();
        assertThat(CgroupParser.parsePids(text)).isEmpty();
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource({"-1,-1", "50000,50000", "' 0 ',0", "-9223372036854775807,-9223372036854775807"})
    void parsesSignedValues(String text, long expected) {
        assertThat(CgroupParser.parseInt64(text)).hasValue(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", "--1", "x", "9223372036854775808"})
    void malformedSignedValuesAreAbsent(String text) {
        assertThat(CgroupParser.parseInt64(text)).isEmpty();
    }

    @Test
    void flatKeyedFileFillsOnlyWantedWellFormedKeys() {
        String text = "cache 10\nrss 20\nbogus\n\nswap abc\ntotal_rss 18446744073709551615\nrss 99\n";
        String[] keys = {"cache", "rss", "swap", "total_rss", "missing"};
        long[] values = new long[keys.length];
        long found = CgroupParser.parseKeyed(text, ' ', keys, values);
        assertThat(CgroupParser.has(found, 0)).isTrue();
        assertThat(values[0]).isEqualTo(10);
        // The first occurrence wins.
        assertThat(values[1]).isEqualTo(20);
        assertThat(CgroupParser.has(found, 2)).isFalse();
        assertThat(values[3]).isEqualTo(Uint64.MAX);
        assertThat(CgroupParser.has(found, 4)).isFalse();
    }

    @Test
    void keysArePrefixSafe() {
        long[] values = new long[1];
        long found = CgroupParser.parseKeyed("total_cache 5\ncache_x 6\n", ' ', new String[] {"cache"}, values);
        assertThat(found).isZero();
    }

    @Test
    void meminfoValuesCarryAUnit() {
        long[] values = new long[2];
        long found = CgroupParser.parseKeyed("MemTotal:         984832 kB\nSwapTotal:  0 kB\n", ':',
                new String[] {"MemTotal", "SwapTotal"}, values);
        assertThat(found).isEqualTo(3);
        assertThat(values).containsExactly(984832, 0);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource(delimiter = '|', value = {
            "50000 100000|50000|100000",
            "max 100000\\n|0|100000",
            "max 250000|0|250000",
    })
    void parsesCpuMax(String text, long quota, long period) {
        assertThat(CgroupParser.parseCpuMax(text.replace("\\n", "\n"))).containsExactly(quota, period);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "max", "50000", "x 100000", "50000 y"})
    void malformedCpuMaxIsAbsent(String text) {
        assertThat(CgroupParser.parseCpuMax(text)).isNull();
    }

    @ParameterizedTest(name = "weight {0} -> shares {1}")
    @CsvSource({"1,2", "100,2597", "10000,262144", "0,0", "10001,0"})
    void convertsWeightToShares(long weight, long shares) {
        assertThat(CgroupParser.weightToShares(weight)).isEqualTo(shares);
    }

    @Test
    void parsesPerCpuUsageWithTrailingSpace() {
        assertThat(CgroupParser.parsePerCpu("6902390 11145569 \n")).containsExactly(6902390, 11145569);
        assertThat(CgroupParser.parsePerCpu("1 2 3 4 5 6 7 8 9 10")).hasSize(10);
        assertThat(CgroupParser.parsePerCpu("")).isEmpty();
        assertThat(CgroupParser.parsePerCpu("1 x 3")).isNull();
    }

    @Test
    void countsLinesAndPids() {
        assertThat(CgroupParser.countLines("133\n134\n143\n")).isEqualTo(3);
        assertThat(CgroupParser.countLines("133\n\n134")).isEqualTo(2);
        assertThat(CgroupParser.countLines("")).isZero();
        assertThat(CgroupParser.parsePids("133\nx\n134\n0\n")).containsExactly(133, 134);
    }

    @Test
    void parsesPressure() {
        PsiStats psi = CgroupParser.parsePsi("some avg10=35.72 avg60=9.09 avg300=2.01 total=6986253\n"
                + "full avg10=30.97 avg60=7.48 avg300=1.64 total=5833218\n");
        assertThat(psi.some()).isEqualTo(new PsiData(6986253, 35.72, 9.09, 2.01));
        assertThat(psi.full()).isEqualTo(new PsiData(5833218, 30.97, 7.48, 1.64));
    }

    @Test
    void pressureWithoutFullLineOrWithGarbageGivesZeros() {
        PsiStats psi = CgroupParser.parsePsi("some avg10=0.50 avg60=0.00 avg300=0.00 total=12\n");
        assertThat(psi.full()).isEqualTo(PsiData.ZERO);
        assertThat(CgroupParser.parsePsi("some avg10=x total=1\nfull garbage\n"))
                .isEqualTo(new PsiStats(PsiData.ZERO, PsiData.ZERO));
        assertThat(CgroupParser.parsePsi("")).isEqualTo(new PsiStats(PsiData.ZERO, PsiData.ZERO));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"35.72,35.72", "0.00,0.0", "100,100.0", "1e2,100.0", "0.1,0.1", "123456.789012,123456.789012"})
    void parsesDecimalsExactlyAsDoubleParse(String text, double expected) {
        assertThat(CgroupParser.parseDecimal(text, 0, text.length())).isEqualTo(expected);
    }

    @Test
    void parsesV1NumaStatRows() {
        Map<Integer, Long>[] rows = CgroupParser.parseNumaStat(
                "total=16 N0=12 N1=4\nfile=2 N0=2 N1=0\nanon=13 N0=9 N1=4\nhierarchical_file=5 N0=5 N1=0\n"
                        + "unevictable=bad N0=x\n",
                new String[] {"file", "anon", "unevictable", "hierarchical_file", "hierarchical_anon"});
        assertThat(rows[0]).containsExactly(Map.entry(0, 2L), Map.entry(1, 0L));
        assertThat(rows[1]).containsExactly(Map.entry(0, 9L), Map.entry(1, 4L));
        assertThat(rows[2]).isNull();
        assertThat(rows[3]).containsEntry(0, 5L);
        assertThat(rows[4]).isNull();
    }

    @Test
    void optionalHelpers() {
        assertThat(AbstractCgroupContainer.quota(OptionalLong.of(-1))).isZero();
        assertThat(AbstractCgroupContainer.quota(OptionalLong.empty())).isZero();
        assertThat(AbstractCgroupContainer.threadsMax(OptionalLong.of(Uint64.MAX))).isZero();
        assertThat(AbstractCgroupContainer.workingSet(100, true, 30)).isEqualTo(70);
        assertThat(AbstractCgroupContainer.workingSet(100, true, 300)).isZero();
        assertThat(AbstractCgroupContainer.workingSet(100, false, 0)).isEqualTo(100);
        assertThat(CgroupReaders.pageSizeName(2048)).isEqualTo("2MB");
        assertThat(CgroupReaders.pageSizeName(1048576)).isEqualTo("1GB");
        assertThat(CgroupReaders.pageSizeName(64)).isEqualTo("64KB");
    }
}
