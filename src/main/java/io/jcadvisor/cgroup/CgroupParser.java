package io.jcadvisor.cgroup;

import io.jcadvisor.info.v1.PsiData;
import io.jcadvisor.info.v1.PsiStats;
import io.jcadvisor.info.v1.Uint64;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.OptionalLong;

/**
 * Pure parsers for the text of cgroup files (v1 and v2). No I/O; a {@code null} text stands for a
 * missing file and always gives an absent value.
 *
 * <p>These run for every container every second, so they scan the text by index instead of
 * splitting it, and parse numbers in place. uint64 values are held in Java longs and read back
 * unsigned: a value above {@link Long#MAX_VALUE} comes out negative, 2^64-1 as {@link Uint64#MAX}.
 */
public final class CgroupParser {

    private static final Logger LOG = Logger.getLogger(CgroupParser.class);

    /** 2^64-1 divided by ten, the largest value that may still take another digit. */
    private static final long MAX_DIV_10 = Long.divideUnsigned(-1L, 10);
    private static final int MAX_LAST_DIGIT = (int) Long.remainderUnsigned(-1L, 10);

    private static final double[] POW10 = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
            1e13, 1e14, 1e15, 1e16, 1e17, 1e18};

    private CgroupParser() {
    }

    /**
     * A single-value file ({@code memory.limit_in_bytes}, {@code pids.max}): one unsigned decimal,
     * surrounding white space ignored; {@code max} means unlimited and gives {@link Uint64#MAX}.
     *
     * @return the value, or empty when the file is missing, empty or malformed
     */
    public static OptionalLong parseUint(String text) {
        if (text == null) {
            return OptionalLong.empty();
        }
        int from = skipSpace(text, 0, text.length());
        int to = trimEnd(text, from, text.length());
        if (to - from == 3 && text.startsWith("max", from)) {
            return OptionalLong.of(Uint64.MAX);
        }
        long[] out = new long[1];
        if (!scanUnsigned(text, from, to, out, 0)) {
            LOG.debugf("not an unsigned number: \"%s\"", text);
            return OptionalLong.empty();
        }
        return OptionalLong.of(out[0]);
    }

    /**
     * A signed single value ({@code cpu.cfs_quota_us}, where {@code -1} means unlimited).
     *
     * @return the value, or empty when missing or malformed (also when beyond the signed range)
     */
    public static OptionalLong parseInt64(String text) {
        if (text == null) {
            return OptionalLong.empty();
        }
        int from = skipSpace(text, 0, text.length());
        int to = trimEnd(text, from, text.length());
        boolean negative = from < to && text.charAt(from) == '-';
        long[] out = new long[1];
        if (!scanUnsigned(text, negative ? from + 1 : from, to, out, 0) || out[0] < 0) {
            LOG.debugf("not a signed number: \"%s\"", text);
            return OptionalLong.empty();
        }
        return OptionalLong.of(negative ? -out[0] : out[0]);
    }

    /**
     * A flat keyed file ({@code memory.stat}, {@code cpu.stat}, {@code memory.events},
     * {@code cpuacct.stat}, {@code memory.oom_control}): lines {@code key value}. Fills
     * {@code values[i]} for each {@code keys[i]} found with a well-formed unsigned value.
     *
     * @param separator the character ending the key: {@code ' '} for cgroup files, {@code ':'} for
     *                  {@code /proc/meminfo} (where the value may carry a unit after a space)
     * @return a bit mask of the keys found (bit i for keys[i]); at most 64 keys
     */
    public static long parseKeyed(String text, char separator, String[] keys, long[] values) {
        if (text == null) {
            return 0;
        }
        long found = 0;
        int n = text.length();
        int pos = 0;
        while (pos < n) {
            int eol = lineEnd(text, pos);
            int sep = indexOf(text, separator, pos, eol);
            if (sep > pos) {
                int keyLength = sep - pos;
                for (int k = 0; k < keys.length; k++) {
                    String key = keys[k];
                    if ((found & (1L << k)) == 0 && key.length() == keyLength
                            && text.regionMatches(pos, key, 0, keyLength)) {
                        int from = skipSpace(text, sep + 1, eol);
                        int to = tokenEnd(text, from, eol);
                        if (scanUnsigned(text, from, to, values, k)) {
                            found |= 1L << k;
                        } else {
                            LOG.debugf("malformed value for key %s", key);
                        }
                        break;
                    }
                }
            }
            pos = eol + 1;
        }
        return found;
    }

    /** Whether bit {@code index} is set in a mask returned by {@link #parseKeyed}. */
    public static boolean has(long mask, int index) {
        return (mask & (1L << index)) != 0;
    }

    /**
     * {@code cpu.max} (v2): {@code "$QUOTA $PERIOD"}, quota {@code max} when unlimited.
     *
     * @return {quota µs (0 when unlimited), period µs}, or null when missing or malformed
     */
    public static long[] parseCpuMax(String text) {
        if (text == null) {
            return null;
        }
        int n = trimEnd(text, 0, text.length());
        int from = skipSpace(text, 0, n);
        int sp = indexOf(text, ' ', from, n);
        if (sp < 0) {
            LOG.debugf("malformed cpu.max: \"%s\"", text);
            return null;
        }
        long[] out = new long[2];
        boolean unlimited = sp - from == 3 && text.startsWith("max", from);
        if (!unlimited && !scanUnsigned(text, from, sp, out, 0)) {
            LOG.debugf("malformed cpu.max: \"%s\"", text);
            return null;
        }
        if (unlimited) {
            out[0] = 0;
        }
        if (!scanUnsigned(text, skipSpace(text, sp + 1, n), n, out, 1)) {
            LOG.debugf("malformed cpu.max: \"%s\"", text);
            return null;
        }
        return out;
    }

    /**
     * cgroup v2 {@code cpu.weight} (1..10000) to v1 shares (2..262144), the conversion upstream
     * uses: {@code 2 + (w-1)*262142/9999}.
     *
     * @return shares, or 0 for a weight outside the kernel's range
     */
    public static long weightToShares(long weight) {
        if (weight < 1 || weight > 10000) {
            return 0;
        }
        return 2 + (weight - 1) * 262142 / 9999;
    }

    /**
     * {@code cpuacct.usage_percpu}: one unsigned value (ns) per possible CPU, space separated.
     *
     * @return the values, or null when missing or any value is malformed
     */
    public static long[] parsePerCpu(String text) {
        if (text == null) {
            return null;
        }
        int n = text.length();
        long[] values = new long[8];
        int count = 0;
        int pos = skipAllSpace(text, 0, n);
        while (pos < n) {
            int end = tokenEnd(text, pos, n);
            if (count == values.length) {
                values = java.util.Arrays.copyOf(values, count * 2);
            }
            if (!scanUnsigned(text, pos, end, values, count)) {
                LOG.debugf("malformed cpuacct.usage_percpu: \"%s\"", text);
                return null;
            }
            count++;
            pos = skipAllSpace(text, end, n);
        }
        return count == values.length ? values : java.util.Arrays.copyOf(values, count);
    }

    /** End of the line starting at {@code pos}: the next newline, or the end of the text. */
    static int lineEnd(String text, int pos) {
        int eol = text.indexOf('\n', pos);
        return eol < 0 ? text.length() : eol;
    }

    /** Number of non-empty lines ({@code cgroup.procs}); 0 for a missing file. */
    public static int countLines(String text) {
        if (text == null) {
            return 0;
        }
        int count = 0;
        int n = text.length();
        int pos = 0;
        while (pos < n) {
            int eol = lineEnd(text, pos);
            if (skipSpace(text, pos, eol) < eol) {
                count++;
            }
            pos = eol + 1;
        }
        return count;
    }

    /** Pids listed one per line ({@code cgroup.procs}); malformed lines are skipped. */
    public static List<Integer> parsePids(String text) {
        if (text == null) {
            return List.of();
        }
        List<Integer> pids = new ArrayList<>();
        long[] out = new long[1];
        int n = text.length();
        int pos = 0;
        while (pos < n) {
            int eol = lineEnd(text, pos);
            int from = skipSpace(text, pos, eol);
            int to = trimEnd(text, from, eol);
            if (from < to && scanUnsigned(text, from, to, out, 0) && out[0] > 0 && out[0] <= Integer.MAX_VALUE) {
                pids.add((int) out[0]);
            }
            pos = eol + 1;
        }
        return pids;
    }

    /**
     * A pressure file ({@code cpu.pressure}, {@code memory.pressure}, {@code io.pressure}): lines
     * {@code some|full avg10=F avg60=F avg300=F total=U}; {@code total} is in µs. A missing or
     * malformed line gives zeros for that line.
     *
     * @return the stats, or null when the file is missing
     */
    public static PsiStats parsePsi(String text) {
        if (text == null) {
            return null;
        }
        PsiData some = PsiData.ZERO;
        PsiData full = PsiData.ZERO;
        int n = text.length();
        int pos = 0;
        while (pos < n) {
            int eol = lineEnd(text, pos);
            if (text.startsWith("some ", pos)) {
                some = parsePsiLine(text, pos + 5, eol);
            } else if (text.startsWith("full ", pos)) {
                full = parsePsiLine(text, pos + 5, eol);
            }
            pos = eol + 1;
        }
        return new PsiStats(full, some);
    }

    private static PsiData parsePsiLine(String text, int from, int eol) {
        double avg10 = 0;
        double avg60 = 0;
        double avg300 = 0;
        long[] total = new long[1];
        int pos = skipSpace(text, from, eol);
        while (pos < eol) {
            int end = tokenEnd(text, pos, eol);
            int eq = indexOf(text, '=', pos, end);
            if (eq < 0) {
                LOG.debugf("malformed pressure line: %s", text.substring(from, eol));
                return PsiData.ZERO;
            }
            int keyLength = eq - pos;
            if (keyLength == 5 && text.startsWith("total", pos)) {
                if (!scanUnsigned(text, eq + 1, end, total, 0)) {
                    return PsiData.ZERO;
                }
            } else {
                double value = parseDecimal(text, eq + 1, end);
                if (Double.isNaN(value)) {
                    LOG.debugf("malformed pressure line: %s", text.substring(from, eol));
                    return PsiData.ZERO;
                }
                if (keyLength == 5 && text.startsWith("avg10", pos)) {
                    avg10 = value;
                } else if (keyLength == 5 && text.startsWith("avg60", pos)) {
                    avg60 = value;
                } else if (keyLength == 6 && text.startsWith("avg300", pos)) {
                    avg300 = value;
                }
            }
            pos = skipSpace(text, end, eol);
        }
        return new PsiData(total[0], avg10, avg60, avg300);
    }

    /**
     * cgroup v1 {@code memory.numa_stat}: rows {@code name=total N0=pages N1=pages ...}. For each
     * of {@code rows} found, the map node id to pages (the row's total is dropped).
     *
     * @return one map per row name, null where the row is missing or malformed; null when the file is
     */
    @SuppressWarnings("unchecked")
    public static Map<Integer, Long>[] parseNumaStat(String text, String[] rows) {
        if (text == null) {
            return null;
        }
        Map<Integer, Long>[] result = new Map[rows.length];
        long[] num = new long[2];
        int n = text.length();
        int pos = 0;
        while (pos < n) {
            int eol = lineEnd(text, pos);
            int eq = indexOf(text, '=', pos, eol);
            for (int r = 0; eq > pos && r < rows.length; r++) {
                if (result[r] == null && rows[r].length() == eq - pos && text.startsWith(rows[r], pos)) {
                    result[r] = parseNumaRow(text, tokenEnd(text, eq, eol), eol, num);
                    break;
                }
            }
            pos = eol + 1;
        }
        return result;
    }

    private static Map<Integer, Long> parseNumaRow(String text, int from, int eol, long[] num) {
        Map<Integer, Long> nodes = new TreeMap<>();
        int pos = skipSpace(text, from, eol);
        while (pos < eol) {
            int end = tokenEnd(text, pos, eol);
            int eq = indexOf(text, '=', pos, end);
            if (eq < 0 || text.charAt(pos) != 'N' || !scanUnsigned(text, pos + 1, eq, num, 0)
                    || !scanUnsigned(text, eq + 1, end, num, 1) || num[0] > Integer.MAX_VALUE) {
                LOG.debugf("malformed memory.numa_stat row: %s", text.substring(from, eol));
                return null;
            }
            nodes.put((int) num[0], num[1]);
            pos = skipSpace(text, end, eol);
        }
        return nodes;
    }

    /**
     * A plain decimal like {@code 35.72} without allocating: the digits as an integer divided by a
     * power of ten is the correctly rounded double. Other forms go through {@link Double#parseDouble}.
     *
     * @return the value, or NaN when malformed
     */
    static double parseDecimal(String s, int from, int to) {
        long mantissa = 0;
        int digits = 0;
        int fraction = -1;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                mantissa = mantissa * 10 + (c - '0');
                digits++;
                if (fraction >= 0) {
                    fraction++;
                }
            } else if (c == '.' && fraction < 0) {
                fraction = 0;
            } else {
                digits = 99;
                break;
            }
        }
        if (digits == 0) {
            return Double.NaN;
        }
        if (digits <= 17 && fraction < POW10.length) {
            return fraction <= 0 ? mantissa : mantissa / POW10[fraction];
        }
        try {
            return Double.parseDouble(s.substring(from, to));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /**
     * Parses {@code s[from,to)} as an unsigned decimal up to 2^64-1 into {@code out[index]}.
     *
     * @return false (leaving {@code out} untouched) for an empty range, a non-digit or overflow
     */
    static boolean scanUnsigned(String s, int from, int to, long[] out, int index) {
        if (from >= to) {
            return false;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            int digit = s.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return false;
            }
            int cmp = Long.compareUnsigned(value, MAX_DIV_10);
            if (cmp > 0 || (cmp == 0 && digit > MAX_LAST_DIGIT)) {
                return false;
            }
            value = value * 10 + digit;
        }
        out[index] = value;
        return true;
    }

    static int indexOf(String s, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    /** Skips blanks (space, tab) but stops at a newline. */
    static int skipSpace(String s, int from, int to) {
        while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
            from++;
        }
        return from;
    }

    private static int skipAllSpace(String s, int from, int to) {
        while (from < to && Character.isWhitespace(s.charAt(from))) {
            from++;
        }
        return from;
    }

    static int tokenEnd(String s, int from, int to) {
        while (from < to && !Character.isWhitespace(s.charAt(from))) {
            from++;
        }
        return from;
    }

    static int trimEnd(String s, int from, int to) {
        while (to > from && Character.isWhitespace(s.charAt(to - 1))) {
            to--;
        }
        return to;
    }
}
