package io.jcadvisor.proc;

import io.jcadvisor.info.v1.UlimitSpec;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Reads the open-files limit out of {@code /proc/<pid>/limits}. Pure, no I/O. */
public final class LimitsParser {

    private static final Logger LOG = Logger.getLogger(LimitsParser.class);

    /** Upstream's name for the only ulimit it reports. */
    public static final String MAX_OPEN_FILES = "max_open_files";

    private static final String ROW = "Max open files";

    private LimitsParser() {
    }

    /**
     * The {@code Max open files} row as {@code {name: "max_open_files", soft, hard}}; {@code unlimited}
     * becomes -1 as upstream writes it.
     *
     * @return empty when the row is missing or its limits are not numbers
     */
    public static Optional<UlimitSpec> maxOpenFiles(List<String> lines) {
        return row(lines, ROW).map(limits -> new UlimitSpec(MAX_OPEN_FILES, limits[0], limits[1]));
    }

    /**
     * The soft limit of one row ({@code Max open files}, {@code Max address space}, …), -1 for
     * {@code unlimited}.
     *
     * @param name the row name as the kernel writes it, without the trailing blanks
     * @return empty when the row is missing or its limit is not a number
     */
    public static OptionalLong softLimit(List<String> lines, String name) {
        return row(lines, name).map(limits -> OptionalLong.of(limits[0])).orElse(OptionalLong.empty());
    }

    /** Soft and hard limit of the row named {@code name}. */
    private static Optional<long[]> row(List<String> lines, String name) {
        for (String line : lines) {
            // "Max open files" must not match a longer name such as "Max open files per user"
            if (!line.startsWith(name) || line.length() <= name.length() || line.charAt(name.length()) != ' ') {
                continue;
            }
            String[] fields = Fields.split(line.substring(name.length()));
            if (fields.length < 2) {
                break;
            }
            try {
                return Optional.of(new long[] {limit(fields[0]), limit(fields[1])});
            } catch (NumberFormatException e) {
                break;
            }
        }
        LOG.debugf("no usable '%s' row in limits", name);
        return Optional.empty();
    }

    private static long limit(String text) {
        return text.equals("unlimited") ? -1 : Long.parseLong(text);
    }
}
