package io.jcadvisor.proc;

import io.jcadvisor.info.v1.CpuSchedstat;
import org.jboss.logging.Logger;

import java.util.Optional;

/** Parses {@code /proc/<pid>/schedstat}. Pure, no I/O. */
public final class SchedstatParser {

    private static final Logger LOG = Logger.getLogger(SchedstatParser.class);

    private SchedstatParser() {
    }

    /**
     * The three numbers of the file: time on the CPU (ns), time waiting on a run queue (ns) and the
     * number of time slices run, all cumulative for the task since it started.
     *
     * @return empty when the file does not start with three numbers
     */
    public static Optional<CpuSchedstat> parse(String text) {
        String[] fields = Fields.split(text);
        if (fields.length < 3) {
            LOG.debugf("schedstat with %d fields", fields.length);
            return Optional.empty();
        }
        try {
            return Optional.of(new CpuSchedstat(Fields.unsigned(fields[0]), Fields.unsigned(fields[1]),
                    Fields.unsigned(fields[2])));
        } catch (NumberFormatException e) {
            LOG.debugf("non-numeric schedstat: %s", text);
            return Optional.empty();
        }
    }
}
