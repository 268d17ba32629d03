package io.jcadvisor.perf;

/**
 * One event as perf is asked for it.
 *
 * @param name the configured name, reported as {@code PerfStat.name} and the {@code event} label
 * @param spec the term given to {@code perf stat -e} ({@code task-clock},
 *             {@code cpu/config=0x5300c0/}, {@code r5300c0}); perf prints it back verbatim in the
 *             event column of every value line, which is how values find their name
 */
public record PerfEvent(String name, String spec) {
}
