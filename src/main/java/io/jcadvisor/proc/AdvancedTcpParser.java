package io.jcadvisor.proc;

import org.jboss.logging.Logger;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Builds upstream's {@code TcpAdvancedStat} from {@code /proc/<pid>/net/netstat} ({@code TcpExt:}) and
 * {@code /proc/<pid>/net/snmp} ({@code Tcp:}). Pure, no I/O.
 */
public final class AdvancedTcpParser {

    private static final Logger LOG = Logger.getLogger(AdvancedTcpParser.class);

    /**
     * The 99 counters of upstream {@code TcpAdvancedStat}, in its field order, spelt as its untagged Go
     * fields (the JSON keys). The Prometheus label is the lower-cased key.
     */
    public static final List<String> KEYS = List.of(
            "RtoAlgorithm", "RtoMin", "RtoMax", "MaxConn", "ActiveOpens", "PassiveOpens", "AttemptFails",
            "EstabResets", "CurrEstab", "InSegs", "OutSegs", "RetransSegs", "InErrs", "OutRsts",
            "InCsumErrors", "EmbryonicRsts", "SyncookiesSent", "SyncookiesRecv", "SyncookiesFailed",
            "PruneCalled", "RcvPruned", "OfoPruned", "OutOfWindowIcmps", "LockDroppedIcmps", "TW",
            "TWRecycled", "TWKilled", "TCPTimeWaitOverflow", "TCPTimeouts", "TCPSpuriousRTOs",
            "TCPLossProbes", "TCPLossProbeRecovery", "TCPRenoRecoveryFail", "TCPSackRecoveryFail",
            "TCPRenoFailures", "TCPSackFailures", "TCPLossFailures", "DelayedACKs", "DelayedACKLocked",
            "DelayedACKLost", "ListenOverflows", "ListenDrops", "TCPHPHits", "TCPPureAcks", "TCPHPAcks",
            "TCPRenoRecovery", "TCPSackRecovery", "TCPSACKReneging", "TCPFACKReorder", "TCPSACKReorder",
            "TCPRenoReorder", "TCPTSReorder", "TCPFullUndo", "TCPPartialUndo", "TCPDSACKUndo", "TCPLossUndo",
            "TCPFastRetrans", "TCPSlowStartRetrans", "TCPLostRetransmit", "TCPRetransFail",
            "TCPRcvCollapsed", "TCPDSACKOldSent", "TCPDSACKOfoSent", "TCPDSACKRecv", "TCPDSACKOfoRecv",
            "TCPAbortOnData", "TCPAbortOnClose", "TCPAbortOnMemory", "TCPAbortOnTimeout",
            "TCPAbortOnLinger", "TCPAbortFailed", "TCPMemoryPressures", "TCPMemoryPressuresChrono",
            "TCPSACKDiscard", "TCPDSACKIgnoredOld", "TCPDSACKIgnoredNoUndo", "TCPMD5NotFound",
            "TCPMD5Unexpected", "TCPMD5Failure", "TCPSackShifted", "TCPSackMerged", "TCPSackShiftFallback",
            "TCPBacklogDrop", "PFMemallocDrop", "TCPMinTTLDrop", "TCPDeferAcceptDrop", "IPReversePathFilter",
            "TCPReqQFullDoCookies", "TCPReqQFullDrop", "TCPFastOpenActive", "TCPFastOpenActiveFail",
            "TCPFastOpenPassive", "TCPFastOpenPassiveFail", "TCPFastOpenListenOverflow",
            "TCPFastOpenCookieReqd", "TCPSynRetrans", "TCPOrigDataSent", "PAWSActive", "PAWSEstab");

    /** Lower-cased kernel name → our key: the kernel's spelling differs in case only. */
    private static final Map<String, String> BY_LOWER_NAME = new HashMap<>();

    static {
        for (String key : KEYS) {
            BY_LOWER_NAME.put(key.toLowerCase(Locale.ROOT), key);
        }
    }

    /** Shared: every sample of a container with a network but without {@code advtcp} carries it. */
    private static final Map<String, Long> ZERO = zeros();

    private AdvancedTcpParser() {
    }

    /** All 99 counters at 0, in upstream order (what upstream shows when the group is off); immutable. */
    public static Map<String, Long> zero() {
        return ZERO;
    }

    private static Map<String, Long> zeros() {
        Map<String, Long> values = new LinkedHashMap<>();
        for (String key : KEYS) {
            values.put(key, 0L);
        }
        return Collections.unmodifiableMap(values);
    }

    /**
     * The 99 counters, in upstream order; counters the kernel does not have are 0, kernel counters
     * upstream does not know are ignored. {@code RtoMin}/{@code RtoMax} are ms, {@code MaxConn} is
     * signed (-1 = no limit), the rest are uint64 counters or gauges held in a long.
     *
     * @param netstat lines of {@code net/netstat}
     * @param snmp lines of {@code net/snmp}
     * @return empty when either file is not a sequence of matching header/value line pairs, or a value
     *         is not a number (upstream then reports no advanced stats for the sample)
     */
    public static Optional<Map<String, Long>> parse(List<String> netstat, List<String> snmp) {
        Map<String, Long> values = new LinkedHashMap<>(zero());
        if (!collect(netstat, "TcpExt:", values) || !collect(snmp, "Tcp:", values)) {
            return Optional.empty();
        }
        return Optional.of(Collections.unmodifiableMap(values));
    }

    /** Adds the counters of one section; false when the file is malformed. */
    private static boolean collect(List<String> lines, String section, Map<String, Long> values) {
        List<String> content = lines.stream().filter(line -> !line.isBlank()).toList();
        if (content.size() % 2 != 0) {
            LOG.debugf("odd number of lines in a %s file", section);
            return false;
        }
        for (int i = 0; i < content.size(); i += 2) {
            String[] names = Fields.split(content.get(i));
            String[] numbers = Fields.split(content.get(i + 1));
            if (names.length != numbers.length || !names[0].equals(numbers[0]) || !names[0].endsWith(":")) {
                LOG.debugf("header and value lines do not match: %s", names[0]);
                return false;
            }
            if (!names[0].equals(section)) {
                continue;
            }
            for (int j = 1; j < names.length; j++) {
                String key = BY_LOWER_NAME.get(names[j].toLowerCase(Locale.ROOT));
                try {
                    long value = numbers[j].indexOf('-') >= 0
                            ? Long.parseLong(numbers[j])
                            : Long.parseUnsignedLong(numbers[j]);
                    if (key != null) {
                        values.put(key, value);
                    }
                } catch (NumberFormatException e) {
                    LOG.debugf("non-numeric %s value for %s: %s", section, names[j], numbers[j]);
                    return false;
                }
            }
        }
        return true;
    }
}
