package io.jcadvisor.perf;

import io.jcadvisor.config.EnabledMetrics;
import io.jcadvisor.config.MetricKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Start-up reading of {@code cadvisor.metrics.perf-events-config}: a bad file stops the agent, naming key and file. */
class PerfConfigLoadTest {

    private static final EnabledMetrics ALL = new EnabledMetrics(EnumSet.allOf(MetricKind.class));

    @Test
    void goodFileIsParsed(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("perf.json"), "{\"core\":{\"events\":[\"task-clock\"]}}");
        assertThat(PerfCollector.load(Optional.of(file.toString()), ALL).core().groups()).hasSize(1);
    }

    @Test
    void absentOptionOrGroupOffMeansPerfOff(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("perf.json"), "{\"core\":{\"events\":[\"task-clock\"]}}");
        assertThat(PerfCollector.load(Optional.empty(), ALL)).isNull();
        assertThat(PerfCollector.load(Optional.of(" "), ALL)).isNull();
        EnumSet<MetricKind> noPerf = EnumSet.allOf(MetricKind.class);
        noPerf.remove(MetricKind.PERF_EVENT);
        assertThat(PerfCollector.load(Optional.of(file.toString()), new EnabledMetrics(noPerf))).isNull();
    }

    @Test
    void missingFileNamesKeyAndFile(@TempDir Path dir) {
        String missing = dir.resolve("nope.json").toString();
        assertThatThrownBy(() -> PerfCollector.load(Optional.of(missing), ALL))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cadvisor.metrics.perf-events-config").hasMessageContaining(missing);
    }

    @Test
    void malformedFileNamesKeyFileAndProblem(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("perf.json"), "{\"core\":{\"events\":[42]}}");
        assertThatThrownBy(() -> PerfCollector.load(Optional.of(file.toString()), ALL))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("cadvisor.metrics.perf-events-config: " + file + ": core.events[0]: must be an "
                        + "event name or a non-empty array of names");
    }
}
