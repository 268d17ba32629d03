package io.jcadvisor.proc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class PidStatParserTest {

    /** pid 133 of the cgroup-v2-kernel-6.1 capture (a CPU burner). */
    private static final String SH = "133 (sh) R 1 0 0 0 -1 4194304 79 0 0 0 486 1 0 0 20 0 1 0 215 2314240 1"
            + " 18446744073709551615 4198400 5785993 140734671367296 0 0 0 0 6 65536 0 0 0 17 1 0 0 0 0 0 6141704"
            + " 6178576 345206784 140734671372197 140734671372223 140734671372223 140734671372265 0\n";

    @Test
    void readsTheFieldsPsNeeds() {
        assertThat(PidStatParser.parse(SH)).contains(
                new PidStat(133, "sh", 'R', 1, 0, 0, 0, -1, 486, 1, 0, 1, 215, 2314240, 1));
    }

    @Test
    void commandWithBlanksAndParenthesesIsReadUpToTheLastParenthesis() {
        String tricky = SH.replace("(sh)", "(a) R 9 (b)");
        PidStat stat = PidStatParser.parse(tricky).orElseThrow();
        assertThat(stat.comm()).isEqualTo("a) R 9 (b");
        assertThat(stat.state()).isEqualTo('R');
        assertThat(stat.ppid()).isEqualTo(1);
        assertThat(stat.processor()).isEqualTo(1);
    }

    @Test
    void negativeNiceAndManyThreads() {
        String line = "1 (process_api) S 0 1 1 0 -1 4194560 1 0 0 0 100 50 0 0 0 -20 7 0 10 49156000 4499"
                + " 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";
        PidStat stat = PidStatParser.parse(line).orElseThrow();
        assertThat(stat.nice()).isEqualTo(-20);
        assertThat(stat.numThreads()).isEqualTo(7);
        assertThat(stat.session()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "133 (sh", "133 (sh) R 1 0 0", "x (sh) R 1 0 0 0 -1 4194304 79 0 0 0 486 1"
            + " 0 0 20 0 1 0 215 2314240 1 1 1 1 1 0 0 0 0 6 65536 0 0 0 17 1"})
    void shortOrMalformedIsAbsent(String text) {
        assertThat(PidStatParser.parse(text)).isEmpty();
    }

    @Test
    void nonNumericFieldIsAbsent() {
        assertThat(PidStatParser.parse(SH.replace(" 486 ", " lots "))).isEmpty();
        assertThat(PidStatParser.parse(SH.replace(" R ", " RR "))).isEmpty();
    }
}
