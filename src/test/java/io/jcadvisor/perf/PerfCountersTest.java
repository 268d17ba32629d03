package io.jcadvisor.perf;

import io.jcadvisor.info.v1.PerfStat;
import io.jcadvisor.info.v1.PerfUncoreStat;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Totals over interval lines: the real core capture, and hand-written uncore output (no uncore PMU here). */
class PerfCountersTest {

    @Test
    void coreCaptureSumsPerCpuAndSkipsUnsupported() throws IOException {
        PerfCounters counters = new PerfCounters(List.of(new PerfEvent("task-clock", "task-clock"),
                new PerfEvent("context-switches", "context-switches"), new PerfEvent("cycles", "cycles"),
                new PerfEvent("my_cs", "software/config=0x3,config1=0x0/")));
        List<String> unsupported = new java.util.ArrayList<>();
        for (String line : PerfStatParserTest.fixture("core-cgroup.txt")) {
            String first = counters.add(PerfStatParser.parse(line, true).orElseThrow());
            if (first != null) {
                unsupported.add(first);
            }
        }
        assertThat(unsupported).containsExactly("cycles");
        List<PerfStat> stats = counters.core();
        // 122.31 + 141.64 + 152.79 + 96.38 ms on CPU0; CPU1 never ran the cgroup; config 0x3 is context-switches
        assertThat(stats).extracting(PerfStat::name, PerfStat::cpu, PerfStat::value, PerfStat::scalingRatio)
                .containsExactly(
                        tuple("task-clock", 0, 513_120_000L, 1.0), tuple("task-clock", 1, 0L, 1.0),
                        tuple("context-switches", 0, 180L, 1.0), tuple("context-switches", 1, 0L, 1.0),
                        tuple("my_cs", 0, 180L, 1.0), tuple("my_cs", 1, 0L, 1.0));
    }

    @Test
    void unknownEventColumnIsIgnored() {
        PerfCounters counters = new PerfCounters(List.of(new PerfEvent("cs", "cs")));
        counters.add(PerfStatParser.parse("     0.5;CPU0;12;;migrations;100;100.00;;", false).orElseThrow());
        assertThat(counters.core()).isEmpty();
    }

    @Test
    void ratioIsRunningOverEnabledSinceStart() {
        PerfCounters counters = new PerfCounters(List.of(new PerfEvent("cycles", "cycles")));
        // 1 s enabled, 0.5 s running; then 1 s fully running: 1.5 / 2
        counters.add(PerfStatParser.parse("1.0;CPU3;2000;;cycles;500000000;50.00;;", false).orElseThrow());
        counters.add(PerfStatParser.parse("2.0;CPU3;1000;;cycles;1000000000;100.00;;", false).orElseThrow());
        assertThat(counters.core()).containsExactly(new PerfStat(0.75, 3000, "cycles", 3));
    }

    @Test
    void uncoreSplitsPmuInstancesOfOneConfiguredEvent() throws IOException {
        PerfCounters counters = new PerfCounters(List.of(new PerfEvent("uncore_imc/cas_count_read/",
                "uncore_imc/cas_count_read/"), new PerfEvent("clockticks", "clockticks")));
        for (String line : PerfStatParserTest.fixture("uncore-synthetic.txt")) {
            counters.add(PerfStatParser.parse(line, false).orElseThrow());
        }
        assertThat(counters.uncore()).extracting(PerfUncoreStat::name, PerfUncoreStat::pmu, PerfUncoreStat::socket,
                PerfUncoreStat::value, PerfUncoreStat::scalingRatio).containsExactly(
                        tuple("uncore_imc/cas_count_read/", "uncore_imc_0", 0, 2250L, 1.0),
                        tuple("uncore_imc/cas_count_read/", "uncore_imc_0", 1, 1200L, 1.0),
                        tuple("uncore_imc/cas_count_read/", "uncore_imc_1", 0, 1000L, 1.0),
                        tuple("clockticks", "uncore_imc_0", 0, 10000L, 1500610105.0 / 2000809210.0));
    }

    @Test
    void unitScaledUncoreCountsAreTurnedBackIntoCounts() {
        PerfCounters counters = new PerfCounters(List.of(new PerfEvent("cas", "uncore_imc/cas_count_read/")),
                (pmu, event) -> pmu.equals("uncore_imc_1") && event.equals("cas_count_read") ? 6.103515625e-5 : 1.0);
        // perf printed 1 MiB = 16384 CAS counts of 64 bytes
        counters.add(PerfStatParser.parse("1.0;S0;24;1.00;MiB;uncore_imc_1/cas_count_read/;1000;100.00;;", false)
                .orElseThrow());
        counters.add(PerfStatParser.parse("1.0;S0;24;7;;uncore_imc_0/cas_count_read/;1000;100.00;;", false)
                .orElseThrow());
        assertThat(counters.uncore()).extracting(PerfUncoreStat::pmu, PerfUncoreStat::value)
                .containsExactly(tuple("uncore_imc_0", 7L), tuple("uncore_imc_1", 16384L));
    }

    @Test
    void pmuIsSplitFromBothUniquifiedForms() {
        assertThat(PerfCounters.splitPmu("uncore_imc_0/cas_count_read/")).containsExactly("uncore_imc_0",
                "cas_count_read/");
        assertThat(PerfCounters.splitPmu("clockticks [uncore_imc_3]")).containsExactly("uncore_imc_3", "clockticks");
        assertThat(PerfCounters.splitPmu("cycles")).containsExactly("", "cycles");
    }
}
