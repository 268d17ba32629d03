package io.jcadvisor.perf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Value lines of {@code perf stat -x ; -I}, from real output of this host's perf 6.1 and broken lines. */
class PerfStatParserTest {

    static final Path FIXTURES = Path.of("src/test/resources/host/perf-stat-6.1");

    static List<String> fixture(String file) throws IOException {
        return Files.readAllLines(FIXTURES.resolve(file));
    }

    @Test
    void cpuLineWithCgroupInMillisecondsComesBackInNanoseconds() {
        PerfStatLine line = PerfStatParser.parse(
                "     0.513842608;CPU0;122.31;msec;task-clock;/perfh-probe;122306388;100.00;0.245;CPUs utilized", true)
                .orElseThrow();
        assertThat(line.time()).isEqualTo(0.513842608);
        assertThat(line.socket()).isFalse();
        assertThat(line.index()).isZero();
        assertThat(line.status()).isEqualTo(PerfStatLine.Status.COUNTED);
        assertThat(line.count()).isCloseTo(122_310_000, within(0.5));
        assertThat(line.unit()).isEqualTo("msec");
        assertThat(line.event()).isEqualTo("task-clock");
        assertThat(line.cgroup()).isEqualTo("/perfh-probe");
        assertThat(line.runningNs()).isEqualTo(122306388);
        assertThat(line.percentRunning()).isEqualTo(100.0);
        assertThat(line.enabledNs()).isEqualTo(122306388.0);
    }

    @Test
    void notCountedAndNotSupportedAreStatesWithoutValue() {
        PerfStatLine idle = PerfStatParser.parse("     0.513842608;CPU1;<not counted>;msec;task-clock;/perfh-probe;0;"
                + "100.00;;", true).orElseThrow();
        assertThat(idle.status()).isEqualTo(PerfStatLine.Status.NOT_COUNTED);
        assertThat(idle.count()).isZero();
        assertThat(idle.index()).isEqualTo(1);
        PerfStatLine cycles = PerfStatParser.parse("     0.513842608;CPU0;<not supported>;;cycles;/perfh-probe;0;100.00;;",
                true).orElseThrow();
        assertThat(cycles.status()).isEqualTo(PerfStatLine.Status.NOT_SUPPORTED);
        assertThat(cycles.event()).isEqualTo("cycles");
    }

    @Test
    void customEventTermKeepsItsCommas() {
        PerfStatLine line = PerfStatParser.parse("     0.513842608;CPU0;36;;software/config=0x3,config1=0x0/;"
                + "/perfh-probe;122306388;100.00;294.345;/sec", true).orElseThrow();
        assertThat(line.event()).isEqualTo("software/config=0x3,config1=0x0/");
        assertThat(line.count()).isEqualTo(36.0);
        assertThat(line.unit()).isEmpty();
    }

    @Test
    void perSocketLineHasTheCpuCountColumn() {
        PerfStatLine line = PerfStatParser.parse("     1.011968893;S0;2;1349;;context-switches;1012193658;100.00;1.333;"
                + "K/sec", false).orElseThrow();
        assertThat(line.socket()).isTrue();
        assertThat(line.index()).isZero();
        assertThat(line.count()).isEqualTo(1349.0);
        assertThat(line.event()).isEqualTo("context-switches");
        assertThat(line.cgroup()).isEmpty();
    }

    @Test
    void multiplexedLineGivesEnabledTimeFromThePercentage() {
        PerfStatLine line = PerfStatParser.parse("     1.000412345;S0;24;4000;;clockticks [uncore_imc_0];500199105;50.00;;",
                false).orElseThrow();
        assertThat(line.percentRunning()).isEqualTo(50.0);
        assertThat(line.enabledNs()).isEqualTo(1000398210.0);
    }

    @Test
    void everyLineOfTheRealCaptureParses() throws IOException {
        List<String> core = fixture("core-cgroup.txt");
        assertThat(core).hasSizeGreaterThan(20);
        assertThat(core).allSatisfy(l -> assertThat(PerfStatParser.parse(l, true)).as(l).isPresent());
        assertThat(fixture("per-socket.txt")).allSatisfy(l -> assertThat(PerfStatParser.parse(l, false)).as(l)
                .isPresent());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "event syntax error: 'task-clock,bogus'", "\\___ parser error",
        "Run 'perf list' for a list of valid events", " Usage: perf stat [<options>] [<command>]",
        "no access to cgroup /sys/fs/cgroup/perf_event//perfh-nonexist",
        // truncated (the process died mid-write), garbage numbers, unknown scopes
        "     0.513842608;CPU0;122.31;msec;task-clock", "     0.5;CPU0;12x;;cs;100;100.00;;",
        "     0.5;CPUx;12;;cs;100;100.00;;", "     0.5;S0-D0;2;12;;cs;100;100.00;;", "abc;CPU0;12;;cs;100;100.00;;",
        "     0.5;CPU0;-12;;cs;100;100.00;;", "     0.5;CPU0;NaN;;cs;100;100.00;;", "     0.5;CPU0;12;;;100;100.00;;",
        "     0.5;CPU0;12;;cs;-5;100.00;;", "     0.5;CPU0;12;;cs;100;abc;;"})
    void anythingElseIsNotAValueLine(String line) {
        assertThat(PerfStatParser.parse(line, false)).isEmpty();
    }

    @Test
    void cgroupColumnIsExpectedOnlyWhenAsked() {
        String withCgroup = "     0.5;CPU0;12;;cs;/x;100;100.00;;";
        assertThat(PerfStatParser.parse(withCgroup, true)).map(PerfStatLine::cgroup).contains("/x");
        // Read without -G the cgroup would be the run time: not a number, so not a line.
        assertThat(PerfStatParser.parse(withCgroup, false)).isEmpty();
        assertThat(PerfStatParser.parse(null, true)).isEqualTo(Optional.empty());
    }

    @Test
    void uint64RunTimeAboveLongMaxIsKeptUnsigned() {
        PerfStatLine line = PerfStatParser.parse("     0.5;CPU0;12;;cs;18446744073709551615;100.00;;", false)
                .orElseThrow();
        assertThat(Long.toUnsignedString(line.runningNs())).isEqualTo("18446744073709551615");
    }
}
