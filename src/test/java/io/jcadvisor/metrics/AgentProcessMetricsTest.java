package io.jcadvisor.metrics;

import io.jcadvisor.host.HostFs;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.prometheus.client.Collector;
import io.prometheus.client.Collector.MetricFamilySamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The agent's process families over a fixture /proc/self (pid 133 of the kernel 6.1 capture). */
class AgentProcessMetricsTest {

    private static final Path PID_133 = Path.of("src/test/resources/host/proc-pids/proc/133");

    private static AgentProcessMetrics over(Path root) {
        return new AgentProcessMetrics(new HostFs(root));
    }

    private static Path selfFrom(Path root, Path pid) throws IOException {
        Path self = Files.createDirectories(root.resolve("proc/self"));
        for (String file : new String[] {"stat", "status", "limits"}) {
            Files.copy(pid.resolve(file), self.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.createDirectories(self.resolve("fd"));
        for (String fd : new String[] {"0", "1", "2"}) {
            Files.createFile(self.resolve("fd").resolve(fd));
        }
        return root;
    }

    @Test
    void valuesComeFromStatStatusLimitsAndFd(@TempDir Path root) throws IOException {
        AgentProcessMetrics m = over(selfFrom(root, PID_133));
        // stat: utime 486 + stime 1 ticks at USER_HZ 100; vsize 2314240 bytes.
        assertThat(m.cpuSeconds()).isEqualTo(4.87);
        assertThat(m.virtualMemoryBytes()).isEqualTo(2314240);
        // status VmRSS 4 kB.
        assertThat(m.residentMemoryBytes()).isEqualTo(4096);
        // limits: Max open files soft 1024, Max address space unlimited → -1.
        assertThat(m.maxFds()).isEqualTo(1024);
        assertThat(m.virtualMemoryMaxBytes()).isEqualTo(-1);
        assertThat(m.openFds()).isEqualTo(3);
    }

    @Test
    void familiesAreTheSevenStandardOnesInNameOrder(@TempDir Path root) throws IOException {
        List<MetricFamilySamples> families = over(selfFrom(root, PID_133)).familiesNow(1.7e9);
        assertThat(families).extracting(f -> f.name).containsExactly("process_cpu_seconds", "process_max_fds",
                "process_open_fds", "process_resident_memory_bytes", "process_start_time_seconds",
                "process_virtual_memory_bytes", "process_virtual_memory_max_bytes");
        assertThat(families).allSatisfy(f -> assertThat(f.samples).hasSize(1)
                .allSatisfy(s -> assertThat(s.labelNames).isEmpty()));
        assertThat(families).extracting(f -> f.samples.get(0).name).containsExactly("process_cpu_seconds_total",
                "process_max_fds", "process_open_fds", "process_resident_memory_bytes", "process_start_time_seconds",
                "process_virtual_memory_bytes", "process_virtual_memory_max_bytes");
        assertThat(families.get(0).type).isEqualTo(Collector.Type.COUNTER);
        assertThat(families).extracting(f -> f.samples.get(0).value).containsExactly(4.87, 1024.0, 3.0, 4096.0,
                1.7e9, 2314240.0, -1.0);
    }

    @Test
    void unreadableFilesAreNaNNeverAnException(@TempDir Path root) throws IOException {
        AgentProcessMetrics m = over(root);
        assertThat(m.cpuSeconds()).isNaN();
        assertThat(m.openFds()).isNaN();
        assertThat(m.maxFds()).isNaN();
        assertThat(m.virtualMemoryBytes()).isNaN();
        assertThat(m.virtualMemoryMaxBytes()).isNaN();
        assertThat(m.residentMemoryBytes()).isNaN();
        Files.createDirectories(root.resolve("proc/self"));
        Files.writeString(root.resolve("proc/self/stat"), "garbage");
        Files.writeString(root.resolve("proc/self/limits"), "Max open files            many   many   files\n");
        assertThat(m.cpuSeconds()).isNaN();
        assertThat(m.maxFds()).isNaN();
    }

    @Test
    void startTimeFilterOnlyRewritesMicrometersStartTimeHelp() {
        var filter = AgentProcessMetrics.startTimeHelp();
        Meter.Id start = new Meter.Id("process.start.time", Tags.empty(), "seconds",
                "Start time of the process since unix epoch.", Meter.Type.GAUGE);
        assertThat(filter.map(start).getDescription())
                .isEqualTo("Start time of the process since unix epoch in seconds.");
        assertThat(filter.map(start).getName()).isEqualTo("process.start.time");
        Meter.Id other = new Meter.Id("process.uptime", Tags.empty(), "seconds", "The uptime", Meter.Type.GAUGE);
        assertThat(filter.map(other)).isSameAs(other);
    }
}
