package io.jcadvisor.resctrl;

import io.quarkus.logging.Log;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Pure parsing of the resctrl filesystem's files (kernel {@code Documentation/filesystems/resctrl.rst}).
 * Nothing here reads a file; {@link ResctrlReader} does.
 */
public final class ResctrlParser {

    /** Prefix of every monitoring group this agent makes (upstream's {@code monGroupPrefix}). */
    public static final String GROUP_PREFIX = "cadvisor";

    /** Per-domain directory of {@code mon_data}: {@code mon_L3_<NN>}, NN the L3 cache id. */
    private static final String DOMAIN_PREFIX = "mon_L3_";

    /** What the kernel prints when a counter cannot be read (e.g. RMID not yet counted, AMD erratum). */
    private static final String UNAVAILABLE = "Unavailable";

    private ResctrlParser() {
    }

    /**
     * One counter file ({@code mbm_total_bytes}, {@code mbm_local_bytes}, {@code llc_occupancy}):
     * an unsigned decimal in bytes. {@code Unavailable}, {@code Error}, empty or garbage are absent.
     *
     * @param text the file's content, or null when it is missing
     */
    public static OptionalLong counter(String text) {
        if (text == null) {
            return OptionalLong.empty();
        }
        String value = text.trim();
        if (value.isEmpty() || value.equals(UNAVAILABLE)) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseUnsignedLong(value));
        } catch (NumberFormatException e) {
            Log.debugf("resctrl: not a counter: %s", value);
            return OptionalLong.empty();
        }
    }

    /** The L3 domain index of a {@code mon_data} entry ({@code mon_L3_01} is 1), or empty for others. */
    public static OptionalInt domain(String dirName) {
        if (!dirName.startsWith(DOMAIN_PREFIX) || dirName.length() == DOMAIN_PREFIX.length()
                || dirName.length() > DOMAIN_PREFIX.length() + 9) {
            return OptionalInt.empty();
        }
        int n = 0;
        for (int i = DOMAIN_PREFIX.length(); i < dirName.length(); i++) {
            char c = dirName.charAt(i);
            if (c < '0' || c > '9') {
                return OptionalInt.empty();
            }
            n = n * 10 + (c - '0');
        }
        return OptionalInt.of(n);
    }

    /** {@code info/L3_MON/mon_features}: the event names, one a line. */
    public static MonFeatures features(List<String> lines) {
        boolean total = false;
        boolean local = false;
        boolean llc = false;
        for (String line : lines) {
            switch (line.trim()) {
                case "mbm_total_bytes" -> total = true;
                case "mbm_local_bytes" -> local = true;
                case "llc_occupancy" -> llc = true;
                default -> {
                    // other events (e.g. a kernel's configurable MBM variants) are not reported upstream
                }
            }
        }
        return new MonFeatures(total, local, llc);
    }

    /** {@code info/L3_MON/num_rmids}: how many monitoring ids the hardware has (root's included). */
    public static OptionalInt numRmids(String text) {
        if (text == null) {
            return OptionalInt.empty();
        }
        try {
            int n = Integer.parseInt(text.trim());
            return n > 0 ? OptionalInt.of(n) : OptionalInt.empty();
        } catch (NumberFormatException e) {
            Log.debugf("resctrl: bad num_rmids: %s", text.trim());
            return OptionalInt.empty();
        }
    }

    /** A group's {@code tasks} file: one task id a line; bad lines are skipped. */
    public static Set<Integer> tasks(List<String> lines) {
        Set<Integer> ids = new LinkedHashSet<>();
        for (String line : lines) {
            String t = line.trim();
            if (t.isEmpty()) {
                continue;
            }
            try {
                ids.add(Integer.parseInt(t));
            } catch (NumberFormatException e) {
                Log.debugf("resctrl: bad task id: %s", t);
            }
        }
        return ids;
    }

    /**
     * The monitoring group name of a container, as upstream names it: the prefix, then the name
     * without its leading slash and with every {@code /} as {@code -}
     * ({@code /docker/abc} is {@code cadvisor-docker-abc}).
     */
    public static String groupName(String containerName) {
        String name = containerName.length() > 1 && containerName.charAt(0) == '/'
                ? containerName.substring(1) : containerName;
        return GROUP_PREFIX + "-" + name.replace('/', '-');
    }

    /** Whether a {@code mon_groups} entry is one of ours (possibly left by an earlier run). */
    public static boolean isOurs(String groupName) {
        return groupName.startsWith(GROUP_PREFIX + "-");
    }
}
