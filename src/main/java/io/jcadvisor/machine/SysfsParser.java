package io.jcadvisor.machine;

import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeSet;

/** Parses the small value formats of {@code /sys} (cpu lists, masks, cache sizes, …); pure, no I/O. */
public final class SysfsParser {

    private static final Logger LOG = Logger.getLogger(SysfsParser.class);

    /** Bound on a cpu range so a garbage {@code 0-4294967295} cannot allocate the heap away. */
    private static final int MAX_CPU = 1 << 16;

    private SysfsParser() {
    }

    /**
     * A kernel cpu list ({@code 0-3,8,10-11}, as in {@code cpu/online} or {@code node<N>/cpulist}),
     * sorted; empty for an empty file; absent when malformed.
     */
    public static Optional<List<Integer>> cpuList(String text) {
        TreeSet<Integer> cpus = new TreeSet<>();
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            return Optional.of(List.of());
        }
        try {
            for (String part : trimmed.split(",")) {
                int dash = part.indexOf('-');
                int from = Integer.parseInt(part.substring(0, dash < 0 ? part.length() : dash).trim());
                int to = dash < 0 ? from : Integer.parseInt(part.substring(dash + 1).trim());
                if (from < 0 || to < from || to > MAX_CPU) {
                    throw new NumberFormatException(part);
                }
                for (int cpu = from; cpu <= to; cpu++) {
                    cpus.add(cpu);
                }
            }
        } catch (NumberFormatException e) {
            LOG.debugf("bad cpu list %s", trimmed);
            return Optional.empty();
        }
        return Optional.of(List.copyOf(cpus));
    }

    /**
     * Number of CPUs in a hex mask ({@code shared_cpu_map}: {@code 00000000,0000000f}), absent when
     * malformed. Words are 32 bits, comma separated.
     */
    public static OptionalInt maskCount(String text) {
        int count = 0;
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            return OptionalInt.empty();
        }
        try {
            for (String word : trimmed.split(",")) {
                count += Long.bitCount(Long.parseUnsignedLong(word.trim(), 16));
            }
        } catch (NumberFormatException e) {
            LOG.debugf("bad cpu mask %s", trimmed);
            return OptionalInt.empty();
        }
        return OptionalInt.of(count);
    }

    /** A cache {@code size} ({@code 32K}; {@code M}/{@code G} accepted too) in bytes, absent when malformed. */
    public static OptionalLong cacheSize(String text) {
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            return OptionalLong.empty();
        }
        long unit = switch (Character.toUpperCase(trimmed.charAt(trimmed.length() - 1))) {
            case 'K' -> 1024L;
            case 'M' -> 1024L * 1024;
            case 'G' -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        String digits = unit == 1 ? trimmed : trimmed.substring(0, trimmed.length() - 1);
        try {
            return OptionalLong.of(Long.parseLong(digits.trim()) * unit);
        } catch (NumberFormatException e) {
            LOG.debugf("bad cache size %s", trimmed);
            return OptionalLong.empty();
        }
    }

    /** The bracketed entry of {@code queue/scheduler} ({@code mq-deadline} of {@code [mq-deadline] none}), else {@code none}. */
    public static String scheduler(String text) {
        int open = text.indexOf('[');
        int close = text.indexOf(']', open + 1);
        if (open < 0 || close < 0) {
            return "none";
        }
        return text.substring(open + 1, close);
    }

    /** A NUMA {@code distance} file ({@code 10 20}); garbage entries make the whole list absent. */
    public static Optional<List<Long>> distances(String text) {
        List<Long> distances = new ArrayList<>();
        for (String field : text.trim().split("\\s+")) {
            if (field.isEmpty()) {
                continue;
            }
            try {
                distances.add(Long.parseUnsignedLong(field));
            } catch (NumberFormatException e) {
                LOG.debugf("bad distance list %s", text);
                return Optional.empty();
            }
        }
        return Optional.of(List.copyOf(distances));
    }

    /** A {@code dev} file ({@code 254:0}) as {major, minor}, absent when malformed. */
    public static Optional<long[]> majorMinor(String text) {
        String trimmed = text.trim();
        int colon = trimmed.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(new long[] {Long.parseLong(trimmed.substring(0, colon)),
                    Long.parseLong(trimmed.substring(colon + 1))});
        } catch (NumberFormatException e) {
            LOG.debugf("bad dev %s", trimmed);
            return Optional.empty();
        }
    }

    /** A single signed decimal ({@code -1} for an unknown link speed), absent when malformed. */
    public static OptionalLong longValue(String text) {
        try {
            return OptionalLong.of(Long.parseLong(text.trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** A single unsigned decimal ({@code size} in sectors), absent when malformed. */
    public static OptionalLong unsignedValue(String text) {
        try {
            return OptionalLong.of(Long.parseUnsignedLong(text.trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** A single int, absent when malformed. */
    public static OptionalInt intValue(String text) {
        try {
            return OptionalInt.of(Integer.parseInt(text.trim()));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** The number in a name such as {@code node12} or {@code cpu3} after the prefix, or -1. */
    public static int indexAfter(String name, String prefix) {
        if (!name.startsWith(prefix) || name.length() == prefix.length()) {
            return -1;
        }
        for (int i = prefix.length(); i < name.length(); i++) {
            if (!Character.isDigit(name.charAt(i))) {
                return -1;
            }
        }
        try {
            return Integer.parseInt(name.substring(prefix.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
