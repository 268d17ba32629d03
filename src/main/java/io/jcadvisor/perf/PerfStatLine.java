package io.jcadvisor.perf;

/**
 * One value line of {@code perf stat -x ; -I …}: the count of one event on one CPU (or socket)
 * during one interval.
 *
 * @param time           seconds since perf started (end of the interval)
 * @param socket         true for a {@code --per-socket} line ({@code S<n>}), false for {@code CPU<n>}
 * @param index          the CPU or socket number
 * @param status         whether a value was counted
 * @param count          the interval's count, scaled by enabled/running, in the event's base unit:
 *                       perf prints clock events in {@code msec}, converted back to ns (as the kernel
 *                       counts them and upstream reports them); 0 unless {@link Status#COUNTED}
 * @param unit           the unit column as printed ({@code msec}, empty for plain counts)
 * @param event          the event column: the term perf was given, or with {@code --no-merge} the
 *                       term with its PMU instance ({@code uncore_imc_0/cas_count_read/})
 * @param cgroup         the cgroup column for {@code -G} lines, else empty
 * @param runningNs      time the counter was running in this interval, ns
 * @param percentRunning running ÷ enabled × 100 for this interval (100 = not multiplexed)
 */
public record PerfStatLine(double time, boolean socket, int index, Status status, double count, String unit,
        String event, String cgroup, long runningNs, double percentRunning) {

    /** The value column's state. */
    public enum Status {
        COUNTED,
        /** {@code <not counted>}: the counter never ran in the interval (e.g. no task of the cgroup on that CPU). */
        NOT_COUNTED,
        /** {@code <not supported>}: the kernel or hardware does not have the event (cycles in many VMs). */
        NOT_SUPPORTED
    }

    /** The time the counter was enabled in this interval, ns, derived from running and its percentage. */
    public double enabledNs() {
        return percentRunning > 0 ? runningNs * 100.0 / percentRunning : 0;
    }
}
