package io.jcadvisor.perf;

import java.util.Optional;

/**
 * Parses value lines of {@code perf stat -x ; -I <ms>} (pure). Columns, as perf(1) "CSV FORMAT"
 * lists them: interval time; {@code CPU<n>} (with {@code -A}) or {@code S<n>} and its CPU count
 * (with {@code --per-socket}); value or {@code <not counted>}/{@code <not supported>}; unit; event;
 * cgroup (only with {@code -G}); run time (ns); running percentage; then optional metric value and
 * metric unit, ignored.
 *
 * <p>Anything else (perf's warnings and errors, blank lines, a half-written line) is not a value
 * line and gives empty.
 */
public final class PerfStatParser {

    private static final double NS_PER_MS = 1e6;

    private PerfStatParser() {
    }

    /**
     * One line.
     *
     * @param withCgroup whether the run used {@code -G} (adds the cgroup column)
     */
    public static Optional<PerfStatLine> parse(String line, boolean withCgroup) {
        if (line == null) {
            return Optional.empty();
        }
        String[] f = line.trim().split(";", -1);
        int i = 0;
        try {
            if (f.length < 7) {
                return Optional.empty();
            }
            double time = Double.parseDouble(f[i++]);
            String where = f[i++];
            boolean socket;
            int index;
            if (where.startsWith("CPU")) {
                socket = false;
                index = Integer.parseInt(where.substring(3));
            } else if (where.startsWith("S") && !where.contains("-")) {
                socket = true;
                index = Integer.parseInt(where.substring(1));
                Integer.parseInt(f[i++]);
            } else {
                return Optional.empty();
            }
            if (f.length < i + (withCgroup ? 6 : 5)) {
                return Optional.empty();
            }
            String valueText = f[i++];
            String unit = f[i++];
            String event = f[i++];
            String cgroup = withCgroup ? f[i++] : "";
            long running = Long.parseUnsignedLong(f[i++]);
            double percent = f[i].isEmpty() ? 100.0 : Double.parseDouble(f[i]);
            PerfStatLine.Status status;
            double count = 0;
            if (valueText.equals("<not counted>")) {
                status = PerfStatLine.Status.NOT_COUNTED;
            } else if (valueText.equals("<not supported>")) {
                status = PerfStatLine.Status.NOT_SUPPORTED;
            } else {
                status = PerfStatLine.Status.COUNTED;
                count = Double.parseDouble(valueText);
                if (count < 0 || Double.isNaN(count) || Double.isInfinite(count)) {
                    return Optional.empty();
                }
                if (unit.equals("msec")) {
                    count *= NS_PER_MS;
                }
            }
            if (event.isEmpty() || time < 0 || index < 0 || percent < 0) {
                return Optional.empty();
            }
            return Optional.of(new PerfStatLine(time, socket, index, status, count, unit, event, cgroup, running,
                    percent));
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }
}
