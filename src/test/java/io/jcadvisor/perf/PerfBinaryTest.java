package io.jcadvisor.perf;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The agent runs as root: the perf tool is an absolute path, never a name looked up on PATH. */
class PerfBinaryTest {

    @Test
    void anAbsolutePathIsTaken() {
        assertThat(PerfCollector.absoluteBinary("/usr/bin/perf")).isEqualTo("/usr/bin/perf");
    }

    @Test
    void aBareNameStopsStartUpNamingTheKey() {
        assertThatThrownBy(() -> PerfCollector.absoluteBinary("perf"))
                .hasMessageStartingWith("cadvisor.metrics.perf-binary must be an absolute path");
        assertThatThrownBy(() -> PerfCollector.absoluteBinary("bin/perf")).isInstanceOf(IllegalArgumentException.class);
    }
}
