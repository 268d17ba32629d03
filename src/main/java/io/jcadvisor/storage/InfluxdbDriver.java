package io.jcadvisor.storage;

import io.jcadvisor.info.v1.ContainerStats;
import io.jcadvisor.info.v1.CpuUsage;
import io.jcadvisor.info.v1.FsStats;
import io.jcadvisor.info.v1.HugetlbStats;
import io.jcadvisor.info.v1.MemoryData;
import io.jcadvisor.info.v1.MemoryStats;
import io.jcadvisor.info.v1.NetworkStats;
import io.jcadvisor.info.v1.PerfStat;
import io.jcadvisor.info.v1.ResctrlStats;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code -storage_driver=influxdb}: InfluxDB 1.x over its HTTP API, {@code POST /write?db=<db>[&rp=<rp>]}
 * with line protocol, basic credentials from {@code -storage_driver_user}/{@code _password}, https
 * when {@code -storage_driver_secure}. The database must exist (upstream does not create it either; a
 * write to a missing one is refused with 404 and dropped).
 *
 * <p>Upstream's schema: one measurement per value ({@code cpu_usage_total}, {@code memory_usage},
 * {@code rx_bytes}, {@code fs_usage}, …; {@code -storage_driver_table} is not used), one integer
 * field {@code value} (uint64 written as int64, as upstream), tags {@code machine} (hostname) and
 * {@code container_name} (first alias or cgroup path) plus the container's labels and per-value tags
 * ({@code instance} for per-cpu, {@code failure_type}/{@code scope} for {@code memory_failure},
 * {@code page_size}, {@code cpu}/{@code name}/{@code scaling_ratio} for perf, {@code node_id} for
 * resctrl, {@code device}/{@code type} for filesystems), time = the sample's timestamp in ns.
 *
 * <p>A batch goes out in requests of at most {@value #LINES_PER_REQUEST} lines. Retrying after a
 * failure may send earlier requests again; InfluxDB keeps one point per series and time, so that is
 * harmless.
 */
final class InfluxdbDriver implements SampleWriter {

    static final int LINES_PER_REQUEST = 5000;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final URI writeUri;
    private final String authorization;
    private final String machineName;
    private final HttpClient http;

    /**
     * @param retentionPolicy empty for the database's default
     * @param user            empty sends no credentials
     */
    InfluxdbDriver(HostPort peer, boolean secure, String database, String retentionPolicy, String user,
            String password, String machineName) {
        String query = "db=" + URLEncoder.encode(database, StandardCharsets.UTF_8)
                + (retentionPolicy.isEmpty() ? ""
                        : "&rp=" + URLEncoder.encode(retentionPolicy, StandardCharsets.UTF_8));
        this.writeUri = URI.create((secure ? "https" : "http") + "://" + peer + "/write?" + query);
        this.authorization = user.isEmpty() ? null : "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.machineName = machineName;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    /** Where batches are posted (tests). */
    URI writeUri() {
        return writeUri;
    }

    @Override
    public void write(List<Sample> batch) throws IOException, RejectedException {
        StringBuilder body = new StringBuilder();
        int lines = 0;
        for (Sample sample : batch) {
            Lines out = new Lines(body, machineName, sample);
            points(sample.stats(), out);
            lines += out.count;
            if (lines >= LINES_PER_REQUEST) {
                post(body.toString());
                body.setLength(0);
                lines = 0;
            }
        }
        if (lines > 0) {
            post(body.toString());
        }
    }

    private void post(String body) throws IOException, RejectedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(writeUri).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "text/plain; charset=utf-8")
                .header("User-Agent", "jcadvisor")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("write to " + writeUri + " interrupted");
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            return;
        }
        String error = "HTTP " + status + " from " + writeUri.getHost() + ":" + writeUri.getPort() + ": "
                + response.body().strip();
        if (status / 100 == 4) {
            throw new RejectedException(error);
        }
        throw new IOException(error);
    }

    /** The line-protocol lines of one sample, each ending in a newline (tests). */
    static String lines(Sample sample, String machineName) {
        StringBuilder body = new StringBuilder();
        points(sample.stats(), new Lines(body, machineName, sample));
        return body.toString();
    }

    private static void points(ContainerStats stats, Lines out) {
        if (stats.cpu() != null && stats.cpu().usage() != null) {
            CpuUsage usage = stats.cpu().usage();
            out.point("cpu_usage_total", usage.total());
            out.point("cpu_usage_system", usage.system());
            out.point("cpu_usage_user", usage.user());
            long[] perCpu = usage.perCpuUsage();
            if (perCpu != null) {
                for (int i = 0; i < perCpu.length; i++) {
                    out.point("cpu_usage_per_cpu", perCpu[i], "instance", Integer.toString(i));
                }
            }
            out.point("load_average", stats.cpu().loadAverage());
        }
        NetworkStats net = stats.network();
        if (net != null) {
            out.point("rx_bytes", net.rxBytes());
            out.point("rx_errors", net.rxErrors());
            out.point("tx_bytes", net.txBytes());
            out.point("tx_errors", net.txErrors());
        }
        out.point("referenced_memory", stats.referencedMemory());
        MemoryStats mem = stats.memory();
        if (mem != null) {
            out.point("memory_usage", mem.usage());
            out.point("memory_max_usage", mem.maxUsage());
            out.point("memory_cache", mem.cache());
            out.point("memory_rss", mem.rss());
            out.point("memory_swap", mem.swap());
            out.point("memory_mapped_file", mem.mappedFile());
            out.point("memory_working_set", mem.workingSet());
            out.point("memory_total_active_file", mem.totalActiveFile());
            out.point("memory_total_inactive_file", mem.totalInactiveFile());
            out.point("memory_failcnt", mem.failcnt());
            // Upstream reuses one tag map for the four points, so all four end up tagged
            // pgmajfault/hierarchical and overwrite each other; each gets its own tags here.
            failures(out, "container", mem.containerData());
            failures(out, "hierarchical", mem.hierarchicalData());
        }
        if (stats.hugetlb() != null) {
            for (Map.Entry<String, HugetlbStats> e : stats.hugetlb().entrySet()) {
                out.point("hugetlb_usage", e.getValue().usage(), "page_size", e.getKey());
                out.point("hugetlb_max_usage", e.getValue().maxUsage(), "page_size", e.getKey());
                out.point("hugetlb_failcnt", e.getValue().failcnt(), "page_size", e.getKey());
            }
        }
        if (stats.perfStats() != null) {
            for (PerfStat perf : stats.perfStats()) {
                out.point("perf_stat", perf.value(), "cpu", Integer.toString(perf.cpu()), "name", perf.name(),
                        "scaling_ratio", goFloat(perf.scalingRatio()));
            }
        }
        ResctrlStats rdt = stats.resctrl();
        if (rdt != null) {
            if (rdt.memoryBandwidth() != null) {
                for (int node = 0; node < rdt.memoryBandwidth().size(); node++) {
                    String id = Integer.toString(node);
                    out.point("resctrl_memory_bandwidth_total", rdt.memoryBandwidth().get(node).mbmTotalBytes(),
                            "node_id", id);
                    out.point("resctrl_memory_bandwidth_local", rdt.memoryBandwidth().get(node).mbmLocalBytes(),
                            "node_id", id);
                }
            }
            if (rdt.cache() != null) {
                for (int node = 0; node < rdt.cache().size(); node++) {
                    out.point("resctrl_llc_occupancy", rdt.cache().get(node).llcOccupancy(),
                            "node_id", Integer.toString(node));
                }
            }
        }
        if (stats.filesystem() != null) {
            for (FsStats fs : stats.filesystem()) {
                out.point("fs_usage", fs.usage(), "device", fs.device(), "type", "usage");
                out.point("fs_limit", fs.capacity(), "device", fs.device(), "type", "limit");
            }
        }
    }

    private static void failures(Lines out, String scope, MemoryData data) {
        if (data == null) {
            return;
        }
        out.point("memory_failure", data.pgfault(), "failure_type", "pgfault", "scope", scope);
        out.point("memory_failure", data.pgmajfault(), "failure_type", "pgmajfault", "scope", scope);
    }

    /** Go's {@code %v} of a float64 for the common cases: {@code 1}, {@code 0.5}. */
    private static String goFloat(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : value < 0 ? "-Inf" : "NaN";
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** Appends lines for one sample: its tags and time are shared by all its points. */
    private static final class Lines {
        private final StringBuilder out;
        private final Map<String, String> common = new TreeMap<>();
        private final long nanos;
        int count;

        Lines(StringBuilder out, String machineName, Sample sample) {
            this.out = out;
            // the order upstream merges them in: point tags, then machine and name, then labels
            common.put("machine", machineName);
            common.put("container_name", sample.containerName());
            common.putAll(sample.labels());
            Instant ts = sample.stats().timestamp();
            this.nanos = ts.getEpochSecond() * 1_000_000_000L + ts.getNano();
        }

        void point(String measurement, long value, String... tags) {
            Map<String, String> all = common;
            if (tags.length > 0) {
                all = new TreeMap<>();
                for (int i = 0; i < tags.length; i += 2) {
                    all.put(tags[i], tags[i + 1]);
                }
                all.putAll(common);
            }
            escape(measurement, false);
            for (Map.Entry<String, String> tag : all.entrySet()) {
                // line protocol has no empty tag values: InfluxDB refuses the whole line
                if (tag.getValue() == null || tag.getValue().isEmpty()) {
                    continue;
                }
                out.append(',');
                escape(tag.getKey(), true);
                out.append('=');
                escape(tag.getValue(), true);
            }
            out.append(" value=").append(value).append("i ").append(nanos).append('\n');
            count++;
        }

        /**
         * Backslash before commas and spaces, and before {@code =} in tags; a newline would end the
         * line, so it becomes an escaped space.
         */
        private void escape(String s, boolean tag) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == ',' || c == ' ' || (tag && c == '=')) {
                    out.append('\\');
                } else if (c == '\n' || c == '\r') {
                    c = ' ';
                    out.append('\\');
                }
                out.append(c);
            }
        }
    }
}
