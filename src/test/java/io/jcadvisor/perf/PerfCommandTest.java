package io.jcadvisor.perf;

import io.jcadvisor.host.HostFs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Flag building and event terms. */
class PerfCommandTest {

    private static final Map<Integer, String> PMUS = Map.of(1, "software", 4, "cpu", 18, "uncore_imc_0");

    @Test
    void coreCommandCountsPerCpuInTheCgroupWithOneCgroupPerEvent() {
        List<List<PerfEvent>> groups = List.of(List.of(new PerfEvent("task-clock", "task-clock"),
                new PerfEvent("cs", "context-switches")), List.of(new PerfEvent("faults", "page-faults")));
        assertThat(PerfCommand.core("perf", Duration.ofSeconds(1), "/docker/abc", groups)).containsExactly("perf",
                "stat", "-x", ";", "-I", "1000", "--no-big-num", "-a", "-A", "-e",
                "{task-clock,context-switches},page-faults", "-G", "/docker/abc,/docker/abc,/docker/abc");
    }

    @Test
    void uncoreCommandCountsPerSocketWithoutMergingPmus() {
        assertThat(PerfCommand.uncore("/usr/bin/perf", Duration.ofMillis(1500),
                List.of(List.of(new PerfEvent("x", "uncore_imc/cas_count_read/"))))).containsExactly("/usr/bin/perf",
                        "stat", "-x", ";", "-I", "1500", "--no-big-num", "-a", "--per-socket", "--no-merge", "-e",
                        "uncore_imc/cas_count_read/");
    }

    @Test
    void intervalNeverGoesUnderAHundredMilliseconds() {
        assertThat(PerfCommand.core("perf", Duration.ofMillis(5), "/", List.of(List.of(new PerfEvent("a", "a")))))
                .containsSequence("-I", "100");
    }

    @Test
    void customEventsBecomePmuTermsRawOrGenericNames() {
        assertThat(spec(18, 0x304L, 0x1L, 0x2L)).isEqualTo("uncore_imc_0/config=0x304,config1=0x1,config2=0x2/");
        assertThat(spec(4, 0x5300c0L)).isEqualTo("cpu/config=0x5300c0/");
        assertThat(PerfEventResolver.customSpec(new PerfEventsConfig.CustomEvent(4, List.of(0x5300c0L), "r"),
                Map.of())).isEqualTo("r5300c0");
        assertThat(spec(0, 1L)).isEqualTo("instructions");
        assertThat(spec(77, 1L)).isNull();
    }

    private static String spec(int type, Long... config) {
        return PerfEventResolver.customSpec(new PerfEventsConfig.CustomEvent(type, List.of(config), "n"), PMUS);
    }

    @Test
    void resolveKeepsGroupsAndReportsWhatCannotBeExpressed() {
        PerfEventsConfig config = PerfConfigParser.parse("{\"core\":{\"events\":[[\"instructions\",\"ret\"],"
                + "[\"lost\"],\"task-clock\"],\"custom_events\":[{\"type\":4,\"config\":[\"0xc0\"],\"name\":\"ret\"},"
                + "{\"type\":99,\"config\":[\"0x1\"],\"name\":\"lost\"}]}}");
        List<String> problems = new ArrayList<>();
        List<List<PerfEvent>> groups = PerfEventResolver.resolve(config.core(), PMUS, problems::add);
        assertThat(groups).containsExactly(List.of(new PerfEvent("instructions", "instructions"),
                new PerfEvent("ret", "cpu/config=0xc0/")), List.of(new PerfEvent("task-clock", "task-clock")));
        assertThat(problems).singleElement().asString().contains("lost", "type 99");
        assertThat(PerfEventResolver.eventList(groups)).isEqualTo("{instructions,cpu/config=0xc0/},task-clock");
    }

    @Test
    void pmusComeFromSysfsTypeFiles(@TempDir Path root) throws IOException {
        for (String[] pmu : new String[][] {{"software", "1"}, {"cpu", "4"}, {"uncore_imc_1", "19"},
            {"uncore_imc_0", "18"}, {"broken", "x"}}) {
            Path dir = Files.createDirectories(root.resolve("sys/bus/event_source/devices").resolve(pmu[0]));
            Files.writeString(dir.resolve("type"), pmu[1] + "\n");
        }
        PerfPmus pmus = PerfPmus.read(new HostFs(root));
        assertThat(pmus.byType()).containsExactlyInAnyOrderEntriesOf(Map.of(1, "software", 4, "cpu", 18,
                "uncore_imc_0", 19, "uncore_imc_1"));
        assertThat(pmus.uncore()).containsExactly("uncore_imc_0", "uncore_imc_1");
        assertThat(PerfPmus.read(new HostFs(root.resolve("sys"))).byType()).isEmpty();
        Path events = Files.createDirectories(root.resolve("sys/bus/event_source/devices/uncore_imc_0/events"));
        Files.writeString(events.resolve("cas_count_read.scale"), "6.103515625e-5\n");
        Files.writeString(events.resolve("bad.scale"), "zero\n");
        HostFs fs = new HostFs(root);
        assertThat(PerfPmus.scale(fs, "uncore_imc_0", "cas_count_read")).isEqualTo(6.103515625e-5);
        assertThat(PerfPmus.scale(fs, "uncore_imc_0", "bad")).isEqualTo(1.0);
        assertThat(PerfPmus.scale(fs, "uncore_imc_0", "clockticks")).isEqualTo(1.0);
        assertThat(PerfPmus.scale(fs, "..", "x")).isEqualTo(1.0);
    }
}
