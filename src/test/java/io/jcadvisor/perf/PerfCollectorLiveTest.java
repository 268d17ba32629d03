package io.jcadvisor.perf;

import io.jcadvisor.container.ContainerHandler;
import io.jcadvisor.host.HostFs;
import io.jcadvisor.info.v1.ContainerReference;
import io.jcadvisor.info.v1.ContainerSpec;
import io.jcadvisor.info.v1.ContainerStats;
import io.jcadvisor.info.v1.PerfStat;
import io.jcadvisor.testing.Await;
import io.jcadvisor.testing.LiveCgroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The collector on this real host without Quarkus: a {@code perfh-} cgroup in the perf_event
 * hierarchy with a shell loop in it, the host's perf counting it. Needs root, perf on PATH and the
 * perf_event hierarchy mounted ({@code bin/provision}); kills and removes everything afterwards.
 */
class PerfCollectorLiveTest {

    private static final String PERF_EVENT = "/sys/fs/cgroup/perf_event";

    private static final ContainerStats EMPTY = new ContainerStats(java.time.Instant.EPOCH, null, null, null,
            java.util.Map.of(), null, List.of(), null, null, 0, null, null, 0, null);

    private LiveCgroup cgroup;
    private PerfCollector collector;

    @BeforeEach
    void needsPerfAndTheHierarchy() {
        assertThat(Files.isWritable(Path.of(PERF_EVENT, "cgroup.procs")))
                .as("root and %s (bin/provision mounts it)", PERF_EVENT).isTrue();
        assertThat(Files.isExecutable(Path.of("/usr/bin/perf"))).as("/usr/bin/perf (bin/provision installs linux-perf)")
                .isTrue();
    }

    @AfterEach
    void stopAndRemove() {
        if (collector != null) {
            collector.shutdown();
        }
        if (cgroup != null) {
            cgroup.close();
        }
    }

    @Test
    void countsTheCgroupPerCpuSkipsUnknownAndUnsupportedAndReapsPerf() throws Exception {
        cgroup = LiveCgroup.create("perfh", List.of("perf_event"));
        cgroup.start("while :; do :; done");
        // "cycles" has no hardware PMU in this VM (<not supported>); "no-such-event" is unknown to perf
        PerfEventsConfig config = PerfConfigParser.parse("{\"core\":{\"events\":[\"task-clock\",\"no-such-event\","
                + "[\"context-switches\",\"cycles\"]]}}");
        collector = new PerfCollector(config, "live.json", "perf", Duration.ofMillis(200), new HostFs(Path.of("/")),
                PERF_EVENT);
        Handler handler = new Handler(cgroup.name());
        collector.started(handler, null);

        long[] first = new long[1];
        Await.until(Duration.ofSeconds(20), () -> {
            first[0] = taskClock(collector.collect(handler, EMPTY));
            return first[0] > 0;
        });
        Await.until(Duration.ofSeconds(10), () -> taskClock(collector.collect(handler, EMPTY))
                > first[0]);
        List<PerfStat> stats = collector.collect(handler, EMPTY).perfStats();
        int cpus = Runtime.getRuntime().availableProcessors();
        assertThat(stats).extracting(PerfStat::name).containsOnly("task-clock", "context-switches");
        assertThat(stats).filteredOn(s -> s.name().equals("task-clock")).extracting(PerfStat::cpu)
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, cpus).boxed().toList());
        assertThat(stats).allSatisfy(s -> assertThat(s.scalingRatio()).isEqualTo(1.0));
        assertThat(stats).filteredOn(s -> s.name().equals("context-switches")).extracting(PerfStat::value)
                .anySatisfy(v -> assertThat(v).isPositive());

        List<Long> pids = collector.pids();
        assertThat(pids).hasSize(1);
        ProcessHandle perf = ProcessHandle.of(pids.get(0)).orElseThrow();
        assertThat(perf.info().command()).hasValueSatisfying(c -> assertThat(c).endsWith("perf"));
        collector.stopped(handler);
        Await.until(Duration.ofSeconds(5), () -> !perf.isAlive() && !Files.exists(Path.of("/proc/" + pids.get(0))));
        assertThat(collector.pids()).isEmpty();
        assertThat(collector.collect(handler, EMPTY)).isSameAs(EMPTY);
        System.out.printf("perf live: %s first task-clock %d ns, then %s%n", cgroup.name(), first[0], stats);
    }

    @Test
    void aPerfChildThatDiesIsStartedAgainAndItsCountsGoOn() throws Exception {
        cgroup = LiveCgroup.create("perfh", List.of("perf_event"));
        cgroup.start("while :; do :; done");
        collector = new PerfCollector(PerfConfigParser.parse("{\"core\":{\"events\":[\"task-clock\"]}}"),
                "live.json", "perf", Duration.ofMillis(200), new HostFs(Path.of("/")), PERF_EVENT);
        Handler handler = new Handler(cgroup.name());
        collector.started(handler, null);
        long[] before = new long[1];
        Await.until(Duration.ofSeconds(20), () -> (before[0] = taskClock(collector.collect(handler, EMPTY))) > 0);

        long killed = collector.pids().get(0);
        ProcessHandle.of(killed).orElseThrow().destroyForcibly();
        Await.until(Duration.ofSeconds(10), () -> !collector.pids().isEmpty() && collector.pids().get(0) != killed);
        Await.until(Duration.ofSeconds(10), () -> taskClock(collector.collect(handler, EMPTY)) > before[0]);
        System.out.printf("perf restarted for %s: pid %d -> %s%n", cgroup.name(), killed, collector.pids());
    }

    @Test
    void eventCheckDropsUnknownAndUnsupportedEventsWithPerfsReason() throws Exception {
        List<String> problems = new java.util.ArrayList<>();
        List<List<PerfEvent>> kept = PerfEventCheck.accepted("perf", List.of(List.of(new PerfEvent("task-clock",
                "task-clock")), List.of(new PerfEvent("bogus", "no-such-event"), new PerfEvent("cs", "context-switches"),
                new PerfEvent("cycles", "cycles"))), problems::add);
        assertThat(kept).containsExactly(List.of(new PerfEvent("task-clock", "task-clock")),
                List.of(new PerfEvent("cs", "context-switches")));
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).contains("bogus (no-such-event)", "event syntax error");
        assertThat(problems.get(1)).contains("cycles is not supported on this host");
    }

    @Test
    void offWithoutConfigOrHierarchy() throws Exception {
        PerfCollector none = new PerfCollector(null, "", "perf", Duration.ofSeconds(1), new HostFs(Path.of("/")),
                PERF_EVENT);
        PerfCollector noHierarchy = new PerfCollector(PerfConfigParser.parse("{\"core\":{\"events\":[\"task-clock\"]}}"),
                "x.json", "perf", Duration.ofSeconds(1), new HostFs(Path.of("/")), null);
        Handler handler = new Handler("/");
        none.started(handler, null);
        noHierarchy.started(handler, null);
        assertThat(none.enabled()).isFalse();
        assertThat(noHierarchy.enabled()).isFalse();
        assertThat(none.pids()).isEmpty();
        assertThat(noHierarchy.collect(handler, EMPTY)).isSameAs(EMPTY);
    }

    private static long taskClock(ContainerStats stats) {
        return Optional.ofNullable(stats.perfStats()).orElse(List.of()).stream()
                .filter(s -> s.name().equals("task-clock")).mapToLong(PerfStat::value).sum();
    }

    /** Only the name matters to the collector. */
    private record Handler(String name) implements ContainerHandler {
        @Override
        public ContainerReference reference() {
            return ContainerReference.of(name);
        }

        @Override
        public ContainerSpec spec() {
            return null;
        }

        @Override
        public ContainerStats stats() {
            return EMPTY;
        }

        @Override
        public List<Integer> pids() {
            return List.of();
        }

        @Override
        public boolean exists() {
            return true;
        }
    }
}
