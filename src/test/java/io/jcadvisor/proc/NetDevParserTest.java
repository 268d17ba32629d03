package io.jcadvisor.proc;

import io.jcadvisor.info.v1.InterfaceStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NetDevParserTest {

    private static final String HEADER1 = "Inter-|   Receive                                                |  Transmit";
    private static final String HEADER2 = " face |bytes    packets errs drop fifo frame compressed multicast"
            + "|bytes    packets errs drop fifo colls carrier compressed";

    @Test
    void readsRxAndTxCountersOfEachInterface() {
        assertThat(NetDevParser.parse(List.of(HEADER1, HEADER2,
                "  eth0:  766  9  1  2  0  0  0  0  1000  12  3  4  0  0  0  0",
                "  ens5: 18446744073709551615 1 0 0 0 0 0 0 5 1 0 0 0 0 0 0")))
                .contains(List.of(
                        new InterfaceStats("eth0", 766, 9, 1, 2, 1000, 12, 3, 4),
                        new InterfaceStats("ens5", -1L, 1, 0, 0, 5, 1, 0, 0)));
    }

    @ParameterizedTest
    @CsvSource({"lo, true", "LO, true", "lo0, true", "veth1234, true", "VETH9, true", "docker0, true",
            "nerdctl0, true", "eth0, false", "ens5, false", "wlan0, false", "br-1234, false", "cni0, false"})
    void dropsLoopbackVethDockerAndNerdctl(String name, boolean ignored) {
        assertThat(NetDevParser.ignored(name)).isEqualTo(ignored);
        List<InterfaceStats> parsed = NetDevParser.parse(List.of(HEADER1, HEADER2,
                "  " + name + ": 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16")).orElseThrow();
        assertThat(parsed).hasSize(ignored ? 0 : 1);
    }

    @Test
    void copesWithACounterGluedToTheColon() {
        assertThat(NetDevParser.parse(List.of(HEADER1, HEADER2,
                "  eth0:12345678 9 0 0 0 0 0 0 1 1 0 0 0 0 0 0")).orElseThrow())
                .containsExactly(new InterfaceStats("eth0", 12345678, 9, 0, 0, 1, 1, 0, 0));
    }

    @Test
    void sixteenFieldsFailTheWholeRead() {
        assertThat(NetDevParser.parse(List.of(HEADER1, HEADER2,
                "  eth0: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16",
                "  eth1: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15"))).isEmpty();
    }

    @Test
    void eighteenFieldsFailTheWholeRead() {
        assertThat(NetDevParser.parse(List.of(HEADER1, HEADER2,
                "  eth0: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17"))).isEmpty();
    }

    @Test
    void nonNumericCounterFailsTheWholeRead() {
        assertThat(NetDevParser.parse(List.of(HEADER1, HEADER2,
                "  eth0: 1 2 3 x 5 6 7 8 9 10 11 12 13 14 15 16"))).isEmpty();
        assertThat(NetDevParser.parse(List.of(HEADER1, HEADER2,
                "  eth0: -1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16"))).isEmpty();
    }

    @Test
    void headersOnlyOrEmptyFileGiveNoInterfaces() {
        assertThat(NetDevParser.parse(List.of(HEADER1, HEADER2))).contains(List.of());
        assertThat(NetDevParser.parse(List.of())).contains(List.of());
    }

    @Test
    void loopbackOnlyNamespaceGivesAnEmptyList() {
        assertThat(NetDevParser.parse(List.of(HEADER1, HEADER2,
                "    lo:       0       0    0    0    0     0          0         0        0       0    0    0    0"
                        + "     0       0          0"))).contains(List.of());
    }

    @Test
    void readsTheFileTextAsReadLoopbackFirstAndATrailingNewline() {
        String text = HEADER1 + "\n" + HEADER2 + "\n"
                + "    lo:  100  2  0  0  0  0  0  0  100  2  0  0  0  0  0  0\n"
                + "  eth0: 766\t9 1 2 0 0 0 0 1000 12 3 4 0 0 0 0\n"
                + "veth12:1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n"
                + "  Ens5:18446744073709551615 1 0 0 0 0 0 0 5 1 0 0 0 0 0 7\n";
        assertThat(NetDevParser.parse(text)).contains(List.of(
                new InterfaceStats("eth0", 766, 9, 1, 2, 1000, 12, 3, 4),
                new InterfaceStats("Ens5", -1L, 1, 0, 0, 5, 1, 0, 0)));
        assertThat(NetDevParser.parse(text)).isEqualTo(NetDevParser.parse(List.of(text.split("\n"))));
    }

    @Test
    void anIgnoredInterfaceWithTheWrongFieldCountStillFailsTheRead() {
        // upstream checks the field count before it looks at the name
        assertThat(NetDevParser.parse(HEADER1 + "\n" + HEADER2 + "\n  lo: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15\n"
                + "  eth0: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n")).isEmpty();
        assertThat(NetDevParser.parse(HEADER1 + "\n" + HEADER2 + "\n  :\n")).isEmpty();
        assertThat(NetDevParser.parse(HEADER1 + "\n" + HEADER2 + "\n   \n")).contains(List.of());
    }

    @Test
    void aNonNumericCounterOfAnIgnoredInterfaceIsNotRead() {
        // upstream parses the counters only of the interfaces it keeps
        assertThat(NetDevParser.parse(HEADER1 + "\n" + HEADER2 + "\n  lo: x 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n"))
                .contains(List.of());
    }
}
