package io.jcadvisor.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code promtool check metrics} (Debian package {@code prometheus}, installed by
 * {@code bin/provision} or by {@link #ensureInstalled()}) and returns its problems. promtool 2.42 exits
 * 1 on a parse error and 3 on lint findings. Upstream's own names trip a few lint rules (accepted here
 * by exact text), so do Micrometer's meters (accepted when lint only); everything else is returned.
 */
public final class PromtoolSupport {

    /** Lint findings on upstream's metric names (we must keep them for compatibility). */
    static final Set<String> UPSTREAM_NAMING = Set.of(
            "cadvisor_version_info label names should be written in 'snake_case' not 'camelCase'",
            "container_cpu_load_d_average_10s metric names should not contain abbreviated units",
            "container_fs_inodes_total non-counter metrics should not have \"_total\" suffix",
            "machine_dimm_count non-histogram and non-summary metrics should not have \"_count\" suffix",
            "container_network_tcp_usage_total non-counter metrics should not have \"_total\" suffix",
            "container_network_tcp6_usage_total non-counter metrics should not have \"_total\" suffix",
            "container_network_udp_usage_total non-counter metrics should not have \"_total\" suffix",
            "container_network_udp6_usage_total non-counter metrics should not have \"_total\" suffix",
            "container_network_advance_tcp_stats_total non-counter metrics should not have \"_total\" suffix",
            "container_memory_failcnt counter metrics should have \"_total\" suffix",
            "container_hugetlb_failcnt counter metrics should have \"_total\" suffix",
            "machine_node_hugepages_count non-histogram and non-summary metrics should not have \"_count\" suffix",
            "machine_thread_siblings_count non-histogram and non-summary metrics should not have \"_count\" suffix");

    private PromtoolSupport() {
    }

    /**
     * Installs the Debian package {@code prometheus} (promtool and the server) when promtool is
     * missing; the test host runs as root with the package registry reachable. Only apt, not
     * {@code bin/provision}, which would also start dockerd.
     */
    public static void ensureInstalled() throws IOException, InterruptedException {
        if (onPath("promtool")) {
            return;
        }
        List<String> install = List.of("apt-get", "install", "-y", "-qq", "--no-install-recommends", "prometheus");
        if (run(install, 900) != 0) {
            run(List.of("apt-get", "update", "-qq"), 900);
            run(install, 900);
        }
        if (!onPath("promtool")) {
            throw new IOException("promtool is missing and apt-get could not install package prometheus");
        }
    }

    static boolean onPath(String tool) throws IOException, InterruptedException {
        return run(List.of("sh", "-c", "command -v " + tool), 10) == 0;
    }

    /** Problems reported by promtool, minus the accepted upstream-naming findings; empty = valid. */
    public static List<String> check(String exposition) throws IOException {
        try {
            ensureInstalled();
            Process p = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(exposition.getBytes(StandardCharsets.UTF_8));
            }
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return List.of("promtool timed out");
            }
            List<String> problems = new ArrayList<>();
            for (String line : output.split("\n")) {
                String l = line.trim();
                if (!l.isEmpty() && !UPSTREAM_NAMING.contains(l) && !agentOwnLint(l)) {
                    problems.add(l);
                }
            }
            int exit = p.exitValue();
            if (exit != 0 && exit != 3) {
                problems.add("promtool exit " + exit);
            }
            if (exit == 3 && problems.isEmpty()) {
                return List.of();
            }
            return problems;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /**
     * Lint (not parse) findings on the agent's own Micrometer meters ({@code jvm_*}, {@code netty_*},
     * {@code http_server_*}, …): Micrometer's names and empty help texts are outside this project.
     */
    static boolean agentOwnLint(String line) {
        String metric = line.split(" ", 2)[0];
        boolean ours = metric.startsWith("container_") || metric.startsWith("machine_")
                || metric.startsWith("cadvisor_");
        boolean lint = line.endsWith(" no help text") || line.contains(" should not ") || line.contains(" should have ")
                || line.contains(" should be written in ");
        return !ours && lint;
    }

    private static int run(List<String> command, int seconds) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
        Process p = builder.start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
