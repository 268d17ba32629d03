package io.jcadvisor.machine;

import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses {@code /proc/meminfo} ({@code MemTotal:  24684084 kB}) and a NUMA node's
 * {@code /sys/devices/system/node/node<N>/meminfo} ({@code Node 0 MemTotal:  469364 kB}); pure.
 */
public final class MemInfoParser {

    private static final Logger LOG = Logger.getLogger(MemInfoParser.class);

    private MemInfoParser() {
    }

    /** Every well-formed line; garbage numbers are logged at debug and left out (absent). */
    public static MemInfo parse(List<String> lines) {
        Map<String, Long> values = new HashMap<>();
        for (String line : lines) {
            String text = line.trim();
            // Node files prefix each line with "Node <id> ".
            if (text.startsWith("Node ")) {
                int space = text.indexOf(' ', 5);
                if (space < 0) {
                    continue;
                }
                text = text.substring(space + 1).trim();
            }
            int colon = text.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String key = text.substring(0, colon).trim();
            String[] rest = text.substring(colon + 1).trim().split("\\s+");
            if (rest.length == 0 || rest[0].isEmpty()) {
                continue;
            }
            try {
                values.put(key, Long.parseUnsignedLong(rest[0]));
            } catch (NumberFormatException e) {
                LOG.debugf("meminfo: bad value in %s", line);
            }
        }
        return new MemInfo(Map.copyOf(values));
    }
}
