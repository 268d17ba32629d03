package io.jcadvisor.proc;

import java.util.List;
import java.util.OptionalLong;

/**
 * The system-wide value the process listing needs from {@code /proc/meminfo}. Pure, no I/O. Boot time
 * and uptime come from {@link io.jcadvisor.host.HostFacts}.
 */
public final class SystemParser {

    private SystemParser() {
    }

    /** {@code MemTotal} of {@code /proc/meminfo} in KiB. */
    public static OptionalLong memTotalKib(List<String> meminfo) {
        for (String line : meminfo) {
            if (line.startsWith("MemTotal:")) {
                String[] fields = Fields.split(line.substring(9));
                try {
                    return fields.length == 0 ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(fields[0]));
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }
}
