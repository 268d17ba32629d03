package io.jcadvisor.metrics;

import io.jcadvisor.host.AgentFiles;
import io.jcadvisor.host.HostFs;
import io.jcadvisor.proc.LimitsParser;
import io.jcadvisor.proc.PidStat;
import io.jcadvisor.proc.PidStatParser;
import io.jcadvisor.proc.PidStatusParser;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;

import com.sun.management.UnixOperatingSystemMXBean;

import io.prometheus.client.Collector;
import io.prometheus.client.Collector.MetricFamilySamples;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The Prometheus client libraries' standard process families for the agent itself (docs/metrics.md §8),
 * with client_golang's names and HELP texts, read at scrape time from the agent's own {@code /proc}
 * ({@link AgentFiles#ownFilesystem()}, never the host root):
 * <ul>
 *   <li>{@code process_cpu_seconds_total}: {@code /proc/self/stat} utime + stime, in USER_HZ (100)
 *       ticks, as seconds;</li>
 *   <li>{@code process_open_fds}: entries of {@code /proc/self/fd} (its size on Linux 6.2+,
 *       {@link HostFs#countOpenFds});</li>
 *   <li>{@code process_max_fds}, {@code process_virtual_memory_max_bytes}: soft limits {@code Max open
 *       files} and {@code Max address space} of {@code /proc/self/limits}, -1 when unlimited;</li>
 *   <li>{@code process_virtual_memory_bytes}: stat {@code vsize}; {@code process_resident_memory_bytes}:
 *       {@code VmRSS} of {@code /proc/self/status}, in bytes.</li>
 * </ul>
 * and {@code process_start_time_seconds}, the JVM's start time. An unreadable file shows as NaN.
 *
 * <p>{@code /metrics} writes them straight from {@link #families} (docs/metrics.md §8), without Micrometer;
 * they are also registered in Micrometer's registry ({@link #register}) for {@code /q/metrics}, whose
 * {@code process_start_time_seconds} is Micrometer's own with the standard HELP text ({@link #startTimeHelp}).
 */
public final class AgentProcessMetrics {

    /** Linux's USER_HZ, the unit of stat's times, fixed at 100 on every architecture we run on. */
    private static final double USER_HZ = 100.0;

    /** The HELP text every Prometheus client library writes for {@code process_start_time_seconds}. */
    static final String START_TIME_HELP = "Start time of the process since unix epoch in seconds.";

    // The other families' HELP texts (client_golang's), for /metrics' families and Micrometer's meters alike.
    private static final String CPU_HELP = "Total user and system CPU time spent in seconds.";
    private static final String OPEN_FDS_HELP = "Number of open file descriptors.";
    private static final String MAX_FDS_HELP = "Maximum number of open file descriptors.";
    private static final String VIRTUAL_HELP = "Virtual memory size in bytes.";
    private static final String VIRTUAL_MAX_HELP = "Maximum amount of virtual memory available in bytes.";
    private static final String RESIDENT_HELP = "Resident memory size in bytes.";

    /** The {@code /proc/self/limits} rows of {@code process_max_fds} and {@code process_virtual_memory_max_bytes}. */
    private static final String OPEN_FILES_ROW = "Max open files";
    private static final String ADDRESS_SPACE_ROW = "Max address space";

    /** Held here because Micrometer's meters keep only a weak reference to the object they read. */
    private static final AgentProcessMetrics AGENT = new AgentProcessMetrics(AgentFiles.ownFilesystem());

    private final HostFs proc;

    /** @param proc the agent's own filesystem ({@link AgentFiles#ownFilesystem()}; a fixture tree in tests) */
    AgentProcessMetrics(HostFs proc) {
        this.proc = proc;
    }

    /** The JVM's start time, seconds since the epoch (what Micrometer's {@code process.start.time} shows). */
    private static final double START_SECONDS = ManagementFactory.getRuntimeMXBean().getStartTime() / 1000.0;

    /**
     * The seven standard process families of the agent's own process, read now, as {@code /metrics} writes
     * them: {@code /proc/self/stat}, {@code limits} and {@code status} read once each, the descriptors
     * counted once. In name order.
     */
    static List<MetricFamilySamples> families() {
        return AGENT.familiesNow(START_SECONDS);
    }

    List<MetricFamilySamples> familiesNow(double startSeconds) {
        Optional<PidStat> stat = stat();
        List<String> limits = proc.readLines("/proc/self/limits");
        return List.of(
                family("process_cpu_seconds", Collector.Type.COUNTER, CPU_HELP, cpuSeconds(stat)),
                family("process_max_fds", Collector.Type.GAUGE, MAX_FDS_HELP, limit(limits, OPEN_FILES_ROW)),
                family("process_open_fds", Collector.Type.GAUGE, OPEN_FDS_HELP, openFds()),
                family("process_resident_memory_bytes", Collector.Type.GAUGE, RESIDENT_HELP, residentMemoryBytes()),
                family("process_start_time_seconds", Collector.Type.GAUGE, START_TIME_HELP, startSeconds),
                family("process_virtual_memory_bytes", Collector.Type.GAUGE, VIRTUAL_HELP, virtualMemoryBytes(stat)),
                family("process_virtual_memory_max_bytes", Collector.Type.GAUGE, VIRTUAL_MAX_HELP,
                        limit(limits, ADDRESS_SPACE_ROW)));
    }

    /** A family of one sample without labels; a counter's sample is {@code name_total}, as the library writes it. */
    static MetricFamilySamples family(String name, Collector.Type type, String help, double value) {
        String sample = type == Collector.Type.COUNTER ? name + "_total" : name;
        return new MetricFamilySamples(name, type, help,
                List.of(new MetricFamilySamples.Sample(sample, List.of(), List.of(), value)));
    }

    /** Registers the six families in {@code registry} (for {@code /q/metrics}). */
    static void register(MeterRegistry registry) {
        AgentProcessMetrics self = AGENT;
        FunctionCounter.builder("process.cpu", self, AgentProcessMetrics::cpuSeconds).baseUnit("seconds")
                .description(CPU_HELP).register(registry);
        Gauge.builder("process.open.fds", self, AgentProcessMetrics::openFds)
                .description(OPEN_FDS_HELP).register(registry);
        Gauge.builder("process.max.fds", self, AgentProcessMetrics::maxFds)
                .description(MAX_FDS_HELP).register(registry);
        Gauge.builder("process.virtual.memory", self, AgentProcessMetrics::virtualMemoryBytes).baseUnit("bytes")
                .description(VIRTUAL_HELP).register(registry);
        Gauge.builder("process.virtual.memory.max", self, AgentProcessMetrics::virtualMemoryMaxBytes)
                .baseUnit("bytes").description(VIRTUAL_MAX_HELP)
                .register(registry);
        Gauge.builder("process.resident.memory", self, AgentProcessMetrics::residentMemoryBytes).baseUnit("bytes")
                .description(RESIDENT_HELP).register(registry);
    }

    /**
     * Micrometer's system binder, which Quarkus binds unless {@code quarkus.micrometer.binder.system=false}
     * (application.properties sets it): {@code UptimeMetrics} and {@code ProcessorMetrics} as they are, and
     * {@code FileDescriptorMetrics}' two gauges with the same names, HELP texts and unit, but the open count
     * from {@link HostFs#countOpenFds} instead of the JDK's {@code getOpenFileDescriptorCount}, which reads
     * every entry of {@code /proc/self/fd} on each scrape (thousands: the kept-open cgroup files).
     */
    static void registerSystem(MeterRegistry registry) {
        new UptimeMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        AgentProcessMetrics self = AGENT;
        Gauge.builder("process.files.open", self, AgentProcessMetrics::openFds)
                .description("The open file descriptor count").baseUnit("files").register(registry);
        Gauge.builder("process.files.max", self, AgentProcessMetrics::jvmMaxFds)
                .description("The maximum file descriptor count").baseUnit("files").register(registry);
    }

    /** The soft {@code RLIMIT_NOFILE} as the JVM reports it (Micrometer's {@code process.files.max} source). */
    private double jvmMaxFds() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean os
                ? os.getMaxFileDescriptorCount() : Double.NaN;
    }

    /**
     * Gives Micrometer's {@code process.start.time} (an uptime binder meter, exposed as
     * {@code process_start_time_seconds}) the standard HELP text instead of Micrometer's
     * "Start time of the process since unix epoch.".
     */
    static MeterFilter startTimeHelp() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                if (!id.getName().equals("process.start.time") || START_TIME_HELP.equals(id.getDescription())) {
                    return id;
                }
                return new Meter.Id(id.getName(), Tags.of(id.getTagsAsIterable()), id.getBaseUnit(), START_TIME_HELP,
                        id.getType());
            }
        };
    }

    double cpuSeconds() {
        return cpuSeconds(stat());
    }

    private static double cpuSeconds(Optional<PidStat> stat) {
        return stat.map(s -> (s.utime() + s.stime()) / USER_HZ).orElse(Double.NaN);
    }

    double openFds() {
        int n = proc.countOpenFds("/proc/self/fd");
        return n < 0 ? Double.NaN : n;
    }

    double maxFds() {
        return limit(OPEN_FILES_ROW);
    }

    double virtualMemoryBytes() {
        return virtualMemoryBytes(stat());
    }

    private static double virtualMemoryBytes(Optional<PidStat> stat) {
        return stat.map(s -> (double) s.vsize()).orElse(Double.NaN);
    }

    double virtualMemoryMaxBytes() {
        return limit(ADDRESS_SPACE_ROW);
    }

    double residentMemoryBytes() {
        Optional<String> status = proc.readString("/proc/self/status");
        return status.isEmpty() ? Double.NaN
                : PidStatusParser.parse(HostFs.lines(status.get())).vmRssKib() * 1024.0;
    }

    private Optional<PidStat> stat() {
        return proc.readString("/proc/self/stat").flatMap(PidStatParser::parse);
    }

    private double limit(String row) {
        return limit(proc.readLines("/proc/self/limits"), row);
    }

    private static double limit(List<String> limits, String row) {
        OptionalLong soft = LimitsParser.softLimit(limits, row);
        return soft.isPresent() ? soft.getAsLong() : Double.NaN;
    }
}
