package io.jcadvisor.proc;

import io.jcadvisor.info.v1.TcpStat;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Optional;

/**
 * Counts the sockets of {@code /proc/<pid>/net/tcp} or {@code net/tcp6} by connection state. Pure,
 * no I/O.
 */
public final class TcpStateParser {

    private static final Logger LOG = Logger.getLogger(TcpStateParser.class);

    /** Index of the {@code st} column (hex state, {@code include/net/tcp_states.h}). */
    private static final int STATE_FIELD = 3;

    private TcpStateParser() {
    }

    /**
     * Socket counts per state.
     *
     * @param lines the whole file: one header line, then one line per socket
     * @return empty when a line has no state column or a state outside {@code 01}..{@code 0B} (upstream
     *         fails the whole file then, so its counts stay 0); all zero for a file with only the header
     */
    public static Optional<TcpStat> parse(List<String> lines) {
        long[] counts = new long[11];
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] fields = Fields.split(line);
            if (fields.length <= STATE_FIELD) {
                LOG.debugf("tcp socket line without a state: %s", line);
                return Optional.empty();
            }
            int state = state(fields[STATE_FIELD]);
            if (state < 1 || state > 11) {
                LOG.debugf("unknown tcp state %s", fields[STATE_FIELD]);
                return Optional.empty();
            }
            counts[state - 1]++;
        }
        return Optional.of(new TcpStat(counts[0], counts[1], counts[2], counts[3], counts[4], counts[5],
                counts[6], counts[7], counts[8], counts[9], counts[10]));
    }

    /** The state number of a two-digit hex column, or -1 when it is not one. */
    private static int state(String hex) {
        if (hex.length() != 2) {
            return -1;
        }
        try {
            return Integer.parseInt(hex, 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
