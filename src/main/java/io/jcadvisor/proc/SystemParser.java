package io.jcadvisor.proc;

import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/** The few system-wide values the process listing needs from {@code /proc}. Pure, no I/O. */
public final class SystemParser {

    private SystemParser() {
    }

    /** {@code btime} of {@code /proc/stat}: boot time in seconds since the epoch. */
    public static OptionalLong bootTime(List<String> procStat) {
        for (String line : procStat) {
            if (line.startsWith("btime ")) {
                try {
                    return OptionalLong.of(Long.parseLong(line.substring(6).strip()));
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }

    /** First value of {@code /proc/uptime}: seconds since boot, with hundredths. */
    public static OptionalDouble uptimeSeconds(String procUptime) {
        String[] fields = Fields.split(procUptime);
        if (fields.length == 0) {
            return OptionalDouble.empty();
        }
        try {
            double seconds = Double.parseDouble(fields[0]);
            return Double.isFinite(seconds) && seconds >= 0 ? OptionalDouble.of(seconds) : OptionalDouble.empty();
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
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
