/**
 * {@code /metrics}: cAdvisor's Prometheus exposition built at scrape time from the manager's
 * {@link io.jcadvisor.manager.ContainerSource}, following {@code docs/metrics.md}. Text format 0.0.4 is
 * written straight as bytes by {@link io.jcadvisor.metrics.TextExposition}, in exactly the text of the
 * library's {@code TextFormat.write004} (each container's label set is encoded once per scrape and copied
 * into every family's samples); OpenMetrics goes through the library.
 *
 * <p>Deliberate differences from upstream, all forced by or chosen for the exposition library
 * (Prometheus simpleclient 0.16, brought by the Micrometer extension) or for robustness:
 * <ul>
 *   <li>Values are written by Java ({@code 1.0}, {@code 6.7108864E7}) and label sets end with a comma
 *       ({@code {a="b",}}): same numbers and series for every Prometheus parser.</li>
 *   <li>{@code container_memory_failcnt} and {@code container_hugetlb_failcnt} are typed {@code untyped}
 *       instead of {@code counter}: the library appends {@code _total} to every counter's HELP/TYPE
 *       lines, which would name a metric that does not exist.</li>
 *   <li>Series of a family come in container order (sorted by name), not sorted by label values.</li>
 *   <li>Dynamic label names are bounded ({@code cadvisor.metrics.max-label-names}, the names carried by
 *       the most containers win) and values cut ({@code max-label-value-length}); upstream has no bound.</li>
 *   <li>A device reported by both blkio and diskstats is written once (blkio's value); upstream's
 *       registry drops the duplicate the same way, after logging an error.</li>
 *   <li>A bad query parameter answers 400 naming it, not 500.</li>
 *   <li>The agent's own metrics are the standard {@code process_*} families of
 *       {@link io.jcadvisor.metrics.AgentProcessMetrics} and the agent's {@code jcadvisor_*} meters, not
 *       {@code go_*}; the JVM's families ({@code jvm_*}, ...) are Micrometer's, at {@code /q/metrics}.</li>
 * </ul>
 */
package io.jcadvisor.metrics;
