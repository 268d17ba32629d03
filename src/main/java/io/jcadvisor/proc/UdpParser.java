package io.jcadvisor.proc;

import io.jcadvisor.info.v1.UdpStat;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Optional;

/** Sums the sockets of {@code /proc/<pid>/net/udp} or {@code net/udp6}. Pure, no I/O. */
public final class UdpParser {

    private static final Logger LOG = Logger.getLogger(UdpParser.class);

    /** Columns of a socket line: sl local rem st tx:rx tr:when retrnsmt uid timeout inode ref pointer drops. */
    private static final int FIELDS = 13;
    private static final int QUEUES_FIELD = 4;
    private static final int DROPS_FIELD = 12;

    private UdpParser() {
    }

    /**
     * Upstream's UDP summary. {@code Listen} counts every socket line, whatever its state. Lines with
     * exactly 13 columns add their queues and drops; others only count.
     *
     * <p>Bug-compatible with upstream: the kernel's {@code tx_queue:rx_queue} column is read as
     * {@code rx:tx}, so the kernel's transmit queue (bytes) is summed into {@code RxQueued} and its
     * receive queue into {@code TxQueued}. Dashboards read the values that way, so the swap is kept.
     *
     * @param lines the whole file: one header line, then one line per socket
     * @return empty when a queue or drop column is not a number
     */
    public static Optional<UdpStat> parse(List<String> lines) {
        long listen = 0;
        long dropped = 0;
        long rxQueued = 0;
        long txQueued = 0;
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            listen++;
            String[] fields = Fields.split(line);
            if (fields.length != FIELDS) {
                continue;
            }
            String queues = fields[QUEUES_FIELD];
            int colon = queues.indexOf(':');
            try {
                if (colon < 0) {
                    throw new NumberFormatException("no ':' in " + queues);
                }
                rxQueued += Long.parseUnsignedLong(queues.substring(0, colon), 16);
                txQueued += Long.parseUnsignedLong(queues.substring(colon + 1), 16);
                dropped += Fields.unsigned(fields[DROPS_FIELD]);
            } catch (NumberFormatException e) {
                LOG.debugf("malformed udp socket line: %s", line);
                return Optional.empty();
            }
        }
        return Optional.of(new UdpStat(listen, dropped, rxQueued, txQueued));
    }
}
