package io.jcadvisor.info.v2;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.jcadvisor.info.v1.InterfaceStats;
import io.jcadvisor.info.v1.TcpStat;
import io.jcadvisor.info.v1.UdpStat;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Upstream v2 {@code NetworkStats}: no inlined first interface, and the socket tables always
 * present. The conversions copy only {@code interfaces} (v2.0) or {@code interfaces}, {@code tcp},
 * {@code tcp6} (v2.1, machinestats); the others stay zero as upstream leaves them.
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record NetworkStats(
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<InterfaceStats> interfaces,
        TcpStat tcp,
        TcpStat tcp6,
        UdpStat udp,
        UdpStat udp6,
        @JsonSerialize(using = TcpAdvancedSerializer.class) Map<String, Long> tcpAdvanced) {

    /**
     * The 99 keys of upstream {@code TcpAdvancedStat} in upstream order (CamelCase, untagged Go
     * fields), all zero: what v2 answers in {@code tcp_advanced}.
     */
    public static final Map<String, Long> ZERO_TCP_ADVANCED = zeroTcpAdvanced();

    private static Map<String, Long> zeroTcpAdvanced() {
        String keys = "RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens PassiveOpens AttemptFails EstabResets "
                + "CurrEstab InSegs OutSegs RetransSegs InErrs OutRsts InCsumErrors EmbryonicRsts SyncookiesSent "
                + "SyncookiesRecv SyncookiesFailed PruneCalled RcvPruned OfoPruned OutOfWindowIcmps "
                + "LockDroppedIcmps TW TWRecycled TWKilled TCPTimeWaitOverflow TCPTimeouts TCPSpuriousRTOs "
                + "TCPLossProbes TCPLossProbeRecovery TCPRenoRecoveryFail TCPSackRecoveryFail TCPRenoFailures "
                + "TCPSackFailures TCPLossFailures DelayedACKs DelayedACKLocked DelayedACKLost ListenOverflows "
                + "ListenDrops TCPHPHits TCPPureAcks TCPHPAcks TCPRenoRecovery TCPSackRecovery TCPSACKReneging "
                + "TCPFACKReorder TCPSACKReorder TCPRenoReorder TCPTSReorder TCPFullUndo TCPPartialUndo "
                + "TCPDSACKUndo TCPLossUndo TCPFastRetrans TCPSlowStartRetrans TCPLostRetransmit TCPRetransFail "
                + "TCPRcvCollapsed TCPDSACKOldSent TCPDSACKOfoSent TCPDSACKRecv TCPDSACKOfoRecv TCPAbortOnData "
                + "TCPAbortOnClose TCPAbortOnMemory TCPAbortOnTimeout TCPAbortOnLinger TCPAbortFailed "
                + "TCPMemoryPressures TCPMemoryPressuresChrono TCPSACKDiscard TCPDSACKIgnoredOld "
                + "TCPDSACKIgnoredNoUndo TCPMD5NotFound TCPMD5Unexpected TCPMD5Failure TCPSackShifted "
                + "TCPSackMerged TCPSackShiftFallback TCPBacklogDrop PFMemallocDrop TCPMinTTLDrop "
                + "TCPDeferAcceptDrop IPReversePathFilter TCPReqQFullDoCookies TCPReqQFullDrop TCPFastOpenActive "
                + "TCPFastOpenActiveFail TCPFastOpenPassive TCPFastOpenPassiveFail TCPFastOpenListenOverflow "
                + "TCPFastOpenCookieReqd TCPSynRetrans TCPOrigDataSent PAWSActive PAWSEstab";
        Map<String, Long> zero = new LinkedHashMap<>();
        for (String key : keys.split(" ")) {
            zero.put(key, 0L);
        }
        return Collections.unmodifiableMap(zero);
    }

    /** Only the interface list filled: the v2.0 {@code stats} shape. */
    public static NetworkStats interfacesOnly(List<InterfaceStats> interfaces) {
        return new NetworkStats(interfaces, TcpStat.ZERO, TcpStat.ZERO, UdpStat.ZERO, UdpStat.ZERO,
                ZERO_TCP_ADVANCED);
    }

    /** Interfaces and the TCP tables filled: the v2.1 {@code stats} and {@code machinestats} shape. */
    public static NetworkStats interfacesAndTcp(List<InterfaceStats> interfaces, TcpStat tcp, TcpStat tcp6) {
        return new NetworkStats(interfaces, tcp == null ? TcpStat.ZERO : tcp, tcp6 == null ? TcpStat.ZERO : tcp6,
                UdpStat.ZERO, UdpStat.ZERO, ZERO_TCP_ADVANCED);
    }
}
