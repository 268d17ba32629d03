package io.jcadvisor.proc;

import io.jcadvisor.info.v1.TcpStat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TcpStateParserTest {

    private static final String HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt"
            + "   uid  timeout inode";

    private static String socket(String state) {
        return "   0: 0100007F:1F90 00000000:0000 " + state
                + " 00000000:00000000 00:00000000 00000000     0        0 1893 1 0000000000000000 100 0 0 10 0";
    }

    @Test
    void countsEachOfTheElevenStates() {
        List<String> lines = new ArrayList<>(List.of(HEADER));
        String[] states = {"01", "02", "03", "04", "05", "06", "07", "08", "09", "0A", "0B"};
        for (int i = 0; i < states.length; i++) {
            for (int n = 0; n <= i; n++) {
                lines.add(socket(states[i]));
            }
        }
        assertThat(TcpStateParser.parse(lines)).contains(new TcpStat(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11));
    }

    @Test
    void lowerCaseHexIsAccepted() {
        assertThat(TcpStateParser.parse(List.of(HEADER, socket("0a"), socket("0b"))).orElseThrow())
                .extracting(TcpStat::listen, TcpStat::closing).containsExactly(1L, 1L);
    }

    @Test
    void headerOnlyIsAllZero() {
        assertThat(TcpStateParser.parse(List.of(HEADER))).contains(TcpStat.ZERO);
        assertThat(TcpStateParser.parse(List.of())).contains(TcpStat.ZERO);
    }

    @ParameterizedTest
    @ValueSource(strings = {"00", "0C", "FF", "XY", "1", "010"})
    void unknownStateFailsTheFile(String state) {
        assertThat(TcpStateParser.parse(List.of(HEADER, socket("01"), socket(state)))).isEmpty();
    }

    @Test
    void shortLineFailsTheFile() {
        assertThat(TcpStateParser.parse(List.of(HEADER, socket("01"), "   1: 0100007F:1F90 00000000:0000")))
                .isEmpty();
    }
}
