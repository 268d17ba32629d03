package io.jcadvisor.proc;

import org.jboss.logging.Logger;

import java.util.List;
import java.util.OptionalLong;

/** Parses {@code /proc/<pid>/status}. Pure, no I/O. */
public final class PidStatusParser {

    private static final Logger LOG = Logger.getLogger(PidStatusParser.class);

    private PidStatusParser() {
    }

    /** The uid and memory sizes; a missing or malformed line leaves its value absent (uid) or 0 (sizes). */
    public static PidStatus parse(List<String> lines) {
        OptionalLong uid = OptionalLong.empty();
        long rss = 0;
        long size = 0;
        long locked = 0;
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon);
            String[] values = Fields.split(line.substring(colon + 1));
            if (values.length == 0) {
                continue;
            }
            try {
                switch (key) {
                    case "Uid" -> uid = values.length > 1 ? OptionalLong.of(Long.parseLong(values[1])) : uid;
                    case "VmRSS" -> rss = Long.parseLong(values[0]);
                    case "VmSize" -> size = Long.parseLong(values[0]);
                    case "VmLck" -> locked = Long.parseLong(values[0]);
                    default -> {
                        // the other lines are not needed
                    }
                }
            } catch (NumberFormatException e) {
                LOG.debugf("malformed status line: %s", line);
            }
        }
        return new PidStatus(uid, rss, size, locked);
    }
}
