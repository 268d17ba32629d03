package io.jcadvisor.proc;

import io.jcadvisor.info.v1.UlimitSpec;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Optional;

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
        for (String line : lines) {
            if (!line.startsWith(ROW)) {
                continue;
            }
            String[] fields = Fields.split(line.substring(ROW.length()));
            if (fields.length < 2) {
                break;
            }
            try {
                return Optional.of(new UlimitSpec(MAX_OPEN_FILES, limit(fields[0]), limit(fields[1])));
            } catch (NumberFormatException e) {
                break;
            }
        }
        LOG.debug("no usable 'Max open files' row in limits");
        return Optional.empty();
    }

    private static long limit(String text) {
        return text.equals("unlimited") ? -1 : Long.parseLong(text);
    }
}
