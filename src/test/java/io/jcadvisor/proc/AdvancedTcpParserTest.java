package io.jcadvisor.proc;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AdvancedTcpParserTest {

    /** docs/metrics.md §5.12: the tcp_state labels of container_network_advance_tcp_stats_total, in emission order. */
    private static final String LABELS = "rtoalgorithm, rtomin, rtomax, maxconn, activeopens, passiveopens,"
            + " attemptfails, estabresets, currestab, insegs, outsegs, retranssegs, inerrs, outrsts, incsumerrors,"
            + " embryonicrsts, syncookiessent, syncookiesrecv, syncookiesfailed, prunecalled, rcvpruned, ofopruned,"
            + " outofwindowicmps, lockdroppedicmps, tw, twrecycled, twkilled, tcptimewaitoverflow, tcptimeouts,"
            + " tcpspuriousrtos, tcplossprobes, tcplossproberecovery, tcprenorecoveryfail, tcpsackrecoveryfail,"
            + " tcprenofailures, tcpsackfailures, tcplossfailures, delayedacks, delayedacklocked, delayedacklost,"
            + " listenoverflows, listendrops, tcphphits, tcppureacks, tcphpacks, tcprenorecovery, tcpsackrecovery,"
            + " tcpsackreneging, tcpfackreorder, tcpsackreorder, tcprenoreorder, tcptsreorder, tcpfullundo,"
            + " tcppartialundo, tcpdsackundo, tcplossundo, tcpfastretrans, tcpslowstartretrans, tcplostretransmit,"
            + " tcpretransfail, tcprcvcollapsed, tcpdsackoldsent, tcpdsackofosent, tcpdsackrecv, tcpdsackoforecv,"
            + " tcpabortondata, tcpabortonclose, tcpabortonmemory, tcpabortontimeout, tcpabortonlinger,"
            + " tcpabortfailed, tcpmemorypressures, tcpmemorypressureschrono, tcpsackdiscard, tcpdsackignoredold,"
            + " tcpdsackignorednoundo, tcpmd5notfound, tcpmd5unexpected, tcpmd5failure, tcpsackshifted,"
            + " tcpsackmerged, tcpsackshiftfallback, tcpbacklogdrop, pfmemallocdrop, tcpminttldrop,"
            + " tcpdeferacceptdrop, ipreversepathfilter, tcpreqqfulldocookies, tcpreqqfulldrop, tcpfastopenactive,"
            + " tcpfastopenactivefail, tcpfastopenpassive, tcpfastopenpassivefail, tcpfastopenlistenoverflow,"
            + " tcpfastopencookiereqd, tcpsynretrans, tcporigdatasent, pawsactive, pawsestab";

    private static final List<String> NETSTAT = List.of(
            "TcpExt: SyncookiesSent TW DelayedACKs TCPOrigDataSent TCPMigrateReqSuccess PAWSEstab",
            "TcpExt: 1 11 4 18446744073709551615 7 3",
            "IpExt: InNoRoutes InOctets",
            "IpExt: 0 170498490");
    private static final List<String> SNMP = List.of(
            "Ip: Forwarding DefaultTTL",
            "Ip: 1 64",
            "Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens CurrEstab InSegs",
            "Tcp: 1 200 120000 -1 44 2 5436",
            "Udp: InDatagrams NoPorts",
            "Udp: 34 0");

    @Test
    void keysAreTheNinetyNineUpstreamCountersInMetricsOrder() {
        assertThat(AdvancedTcpParser.KEYS).hasSize(99).doesNotHaveDuplicates();
        assertThat(AdvancedTcpParser.KEYS.stream().map(k -> k.toLowerCase(Locale.ROOT)).toList())
                .isEqualTo(Arrays.asList(LABELS.split(", ")));
    }

    @Test
    void readsTcpExtFromNetstatAndTcpFromSnmp() {
        Map<String, Long> values = AdvancedTcpParser.parse(NETSTAT, SNMP).orElseThrow();
        assertThat(values.keySet()).containsExactlyElementsOf(AdvancedTcpParser.KEYS);
        assertThat(values).containsEntry("SyncookiesSent", 1L).containsEntry("TW", 11L)
                .containsEntry("DelayedACKs", 4L).containsEntry("PAWSEstab", 3L)
                .containsEntry("RtoAlgorithm", 1L).containsEntry("RtoMin", 200L).containsEntry("RtoMax", 120000L)
                .containsEntry("ActiveOpens", 44L).containsEntry("CurrEstab", 2L).containsEntry("InSegs", 5436L);
    }

    @Test
    void maxConnIsSignedAndLargeCountersAreUnsigned() {
        Map<String, Long> values = AdvancedTcpParser.parse(NETSTAT, SNMP).orElseThrow();
        assertThat(values.get("MaxConn")).isEqualTo(-1L);
        assertThat(Long.toUnsignedString(values.get("TCPOrigDataSent"))).isEqualTo("18446744073709551615");
    }

    @Test
    void missingCountersAreZeroAndUnknownOnesIgnored() {
        Map<String, Long> values = AdvancedTcpParser.parse(NETSTAT, SNMP).orElseThrow();
        assertThat(values).hasSize(99).doesNotContainKey("TCPMigrateReqSuccess").doesNotContainKey("InOctets")
                .containsEntry("TCPTimeouts", 0L).containsEntry("OutRsts", 0L);
    }

    @Test
    void kernelNamesMatchCaseInsensitively() {
        Map<String, Long> values = AdvancedTcpParser.parse(
                List.of("TcpExt: TcpSackReneging tcpmd5notfound", "TcpExt: 5 6"), List.of()).orElseThrow();
        assertThat(values).containsEntry("TCPSACKReneging", 5L).containsEntry("TCPMD5NotFound", 6L);
    }

    @Test
    void emptyFilesGiveAllZero() {
        assertThat(AdvancedTcpParser.parse(List.of(), List.of())).contains(AdvancedTcpParser.zero());
        assertThat(AdvancedTcpParser.zero().values()).hasSize(99).containsOnly(0L);
    }

    @Test
    void mismatchedHeaderAndValueLinesFail() {
        assertThat(AdvancedTcpParser.parse(List.of("TcpExt: A B", "TcpExt: 1"), SNMP)).isEmpty();
        assertThat(AdvancedTcpParser.parse(NETSTAT, List.of("Tcp: RtoMin", "Ip: 1"))).isEmpty();
        assertThat(AdvancedTcpParser.parse(NETSTAT, List.of("Tcp: RtoMin"))).isEmpty();
    }

    @Test
    void nonNumericValueFails() {
        assertThat(AdvancedTcpParser.parse(NETSTAT, List.of("Tcp: RtoMin", "Tcp: fast"))).isEmpty();
        assertThat(AdvancedTcpParser.parse(List.of("TcpExt: TW", "TcpExt: 1.5"), SNMP)).isEmpty();
    }

    @Test
    void otherSectionsAreNotParsed() {
        assertThat(AdvancedTcpParser.parse(List.of("IpExt: InOctets", "IpExt: lots"), SNMP)).isPresent();
    }
}
