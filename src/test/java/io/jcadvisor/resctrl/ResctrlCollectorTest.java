package io.jcadvisor.resctrl;

import io.jcadvisor.container.ContainerHandler;
import io.jcadvisor.host.HostFs;
import io.jcadvisor.info.v1.ContainerReference;
import io.jcadvisor.info.v1.ContainerSpec;
import io.jcadvisor.info.v1.ContainerStats;
import io.jcadvisor.info.v1.ResctrlStats;
import io.jcadvisor.testing.Await;
import io.jcadvisor.testing.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Monitoring-group lifecycle on a copy of {@code host/resctrl-2domain} in a temporary host root:
 * mkdir, {@code tasks} writes and rmdir are real filesystem operations there (the kernel's side,
 * filling {@code mon_data}, is played by {@link ResctrlHosts#counters}).
 */
class ResctrlCollectorTest {

    private static final ContainerSpec SPEC = Samples.spec(Instant.EPOCH, true, true);
    private static final Instant NOW = Instant.parse("2026-11-27T02:00:00Z");

    @TempDir
    Path root;

    private Path resctrl() {
        return root.resolve(ResctrlHosts.RESCTRL);
    }

    private ResctrlCollector collector(boolean enabled) {
        ResctrlHosts.copy(root, "resctrl-2domain");
        return new ResctrlCollector(enabled, new HostFs(root), Duration.ofSeconds(10), false);
    }

    /** A handler whose pids the test changes. */
    static final class Handler implements ContainerHandler {
        final String name;
        final List<Integer> pids = new CopyOnWriteArrayList<>();

        Handler(String name, Integer... pids) {
            this.name = name;
            this.pids.addAll(List.of(pids));
        }

        @Override
        public ContainerReference reference() {
            return ContainerReference.of(name);
        }

        @Override
        public ContainerSpec spec() {
            return SPEC;
        }

        @Override
        public ContainerStats stats() {
            return sample();
        }

        @Override
        public List<Integer> pids() {
            return List.copyOf(pids);
        }

        @Override
        public boolean exists() {
            return true;
        }
    }

    private static ContainerStats sample() {
        return Samples.stats(NOW, 1, 1).withResctrl(ResctrlStats.EMPTY);
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file);
    }

    private Set<String> ourGroups() throws IOException {
        Set<String> found = new TreeSet<>();
        try (Stream<Path> walk = Files.walk(resctrl())) {
            walk.filter(p -> p.getFileName().toString().startsWith("cadvisor-"))
                    .forEach(p -> found.add(resctrl().relativize(p).toString()));
        }
        return found;
    }

    @Test
    void groupOffTouchesNothing() throws IOException {
        ResctrlCollector off = collector(false);
        Handler demo = new Handler("/demo", 133);
        off.started(demo, SPEC);
        ContainerStats s = sample();
        assertThat(off.collect(demo, s)).isSameAs(s);
        assertThat(off.collect(new Handler("/"), s)).isSameAs(s);
        off.stopped(demo);
        off.close();
        assertThat(off.active()).isFalse();
        // Not even the stale groups of an earlier run are touched.
        assertThat(ourGroups()).containsExactly("allocA/mon_groups/cadvisor-stale-old",
                "mon_groups/cadvisor-system.slice-crashed");
    }

    @Test
    void hostWithoutResctrlKeepsEmptyStats() {
        for (Path host : List.of(ResctrlHosts.fixture("cgroup-v2-systemd"), ResctrlHosts.fixture("resctrl-alloc-only"),
                Path.of("/"))) {
            ResctrlCollector c = new ResctrlCollector(true, new HostFs(host), Duration.ofSeconds(1), false);
            Handler demo = new Handler("/demo", 1);
            c.started(demo, SPEC);
            ContainerStats s = sample();
            assertThat(c.collect(demo, s)).isSameAs(s);
            assertThat(c.collect(new Handler("/"), s).resctrl()).isEqualTo(ResctrlStats.EMPTY);
            c.refresh();
            c.stopped(demo);
            c.close();
            assertThat(c.active()).as(host.toString()).isFalse();
        }
    }

    @Test
    void startRemovesStaleGroupsOfEveryControlGroupAndKeepsOthers() throws IOException {
        ResctrlCollector c = collector(true);
        assertThat(c.active()).isTrue();
        assertThat(ourGroups()).isEmpty();
        assertThat(resctrl().resolve("mon_groups/other-tool/tasks")).exists();
        assertThat(resctrl().resolve("allocA/mon_groups")).isDirectory();
    }

    @Test
    void rootReadsTheRootGroupWithoutMakingOne() throws IOException {
        ResctrlCollector c = collector(true);
        Handler root = new Handler("/", 1, 100);
        c.started(root, SPEC);
        ResctrlStats stats = c.collect(root, sample()).resctrl();
        assertThat(stats.memoryBandwidth()).extracting(ResctrlStats.MemoryBandwidthStats::mbmTotalBytes)
                .containsExactly(3096457216L, 1245184000L);
        assertThat(stats.cache()).extracting(ResctrlStats.CacheStats::llcOccupancy).containsExactly(1441792L, 983040L);
        assertThat(c.groupDirs()).isEmpty();
        assertThat(ourGroups()).isEmpty();
    }

    @Test
    void containerGetsAGroupWithEveryThreadOneAWrite() throws IOException {
        ResctrlCollector c = collector(true);
        Handler demo = new Handler("/demo", 133, 134, 143);
        c.started(demo, SPEC);
        Path group = resctrl().resolve("mon_groups/cadvisor-demo");
        assertThat(c.groupDirs()).containsEntry("/demo", "/sys/fs/resctrl/mon_groups/cadvisor-demo");
        // 133 has threads 1330 and 1331; 143 has no /proc entry in the fixture, so the pid itself.
        assertThat(lines(group.resolve("tasks"))).containsExactly("133", "1330", "1331", "134", "143");

        assertThat(c.collect(demo, sample()).resctrl()).as("no mon_data yet").isEqualTo(ResctrlStats.EMPTY);
        ResctrlHosts.counters(group, 0, 4096, 2048, 65536);
        ResctrlHosts.counters(group, 1, 8192, 0, 0);
        ResctrlStats stats = c.collect(demo, sample()).resctrl();
        assertThat(stats.memoryBandwidth()).containsExactly(new ResctrlStats.MemoryBandwidthStats(4096, 2048),
                new ResctrlStats.MemoryBandwidthStats(8192, 0));
        assertThat(stats.cache()).containsExactly(new ResctrlStats.CacheStats(65536), new ResctrlStats.CacheStats(0));

        c.stopped(demo);
        assertThat(group).doesNotExist();
        assertThat(c.groupDirs()).isEmpty();
        ContainerStats s = sample();
        assertThat(c.collect(demo, s)).isSameAs(s);
    }

    @Test
    void containerInANonRootControlGroupGetsItsGroupThere() {
        ResctrlCollector c = collector(true);
        c.started(new Handler("/system.slice/docker-1.scope", 135), SPEC);
        assertThat(c.groupDirs()).containsEntry("/system.slice/docker-1.scope",
                "/sys/fs/resctrl/allocA/mon_groups/cadvisor-system.slice-docker-1.scope");
        assertThat(resctrl().resolve("allocA/mon_groups/cadvisor-system.slice-docker-1.scope/tasks")).hasContent("135");
    }

    @Test
    void containersWithoutPidsOrOutsideEveryGroupGetNone() throws IOException {
        ResctrlCollector c = collector(true);
        c.started(new Handler("/system.slice"), SPEC);
        c.started(new Handler("/ghost", 999), SPEC);
        assertThat(c.groupDirs()).isEmpty();
        assertThat(ourGroups()).isEmpty();
    }

    @Test
    void intervalReAddsNewTasksAndRetriesContainersWithoutAGroup() throws IOException {
        ResctrlCollector c = collector(true);
        Handler demo = new Handler("/demo", 134);
        Handler late = new Handler("/late");
        c.started(demo, SPEC);
        c.started(late, SPEC);
        Path tasks = resctrl().resolve("mon_groups/cadvisor-demo/tasks");
        assertThat(lines(tasks)).containsExactly("134");

        demo.pids.add(133);
        late.pids.add(100);
        c.refresh();
        assertThat(lines(tasks)).containsExactly("134", "133", "1330", "1331");
        assertThat(c.groupDirs()).containsKeys("/demo", "/late");

        // The file says every task is in: nothing written twice.
        c.refresh();
        assertThat(lines(tasks)).hasSize(4);
    }

    @Test
    void aPositiveIntervalRefreshesOnItsOwnThread() throws IOException {
        ResctrlHosts.copy(root, "resctrl-2domain");
        ResctrlCollector c = new ResctrlCollector(true, new HostFs(root), Duration.ofMillis(20), true);
        try {
            Handler demo = new Handler("/demo", 134);
            c.started(demo, SPEC);
            demo.pids.add(143);
            Path tasks = resctrl().resolve("mon_groups/cadvisor-demo/tasks");
            Await.until(Duration.ofSeconds(5), () -> {
                try {
                    return lines(tasks).contains("143");
                } catch (IOException e) {
                    return false;
                }
            });
            assertThat(lines(tasks)).containsExactly("134", "143");
        } finally {
            c.close();
        }
        assertThat(ourGroups()).isEmpty();
    }

    @Test
    void containerMovedToAnotherControlGroupFollows() throws IOException {
        ResctrlCollector c = collector(true);
        Handler demo = new Handler("/demo", 133);
        c.started(demo, SPEC);
        // An allocation tool moves the task: the kernel lists it in allocA now.
        Files.writeString(resctrl().resolve("tasks"), "1\n100\n");
        Files.writeString(resctrl().resolve("allocA/tasks"), "133\n135\n");
        c.refresh();
        assertThat(resctrl().resolve("mon_groups/cadvisor-demo")).doesNotExist();
        assertThat(c.groupDirs()).containsEntry("/demo", "/sys/fs/resctrl/allocA/mon_groups/cadvisor-demo");
    }

    @Test
    void noMoreGroupsThanRmidsLeft() throws IOException {
        ResctrlHosts.copy(root, "resctrl-2domain");
        // 4 RMIDs: the root's, allocA's and other-tool's are taken, so one is left for us.
        Files.writeString(resctrl().resolve("info/L3_MON/num_rmids"), "4\n");
        ResctrlCollector c = new ResctrlCollector(true, new HostFs(root), Duration.ofSeconds(10), false);
        Handler a = new Handler("/a", 133);
        Handler b = new Handler("/b", 134);
        c.started(a, SPEC);
        c.started(b, SPEC);
        assertThat(c.groupDirs()).containsOnlyKeys("/a");
        ContainerStats s = sample();
        assertThat(c.collect(b, s)).isSameAs(s);

        c.refresh();
        assertThat(c.groupDirs()).containsOnlyKeys("/a");
        c.stopped(a);
        c.refresh();
        assertThat(c.groupDirs()).containsOnlyKeys("/b");
        assertThat(ourGroups()).containsExactly("mon_groups/cadvisor-b");
    }

    @Test
    void tasksThatCannotBeMovedLeaveNoGroup() throws IOException {
        ResctrlCollector c = collector(true);
        assertThat(c.active()).isTrue();
        // A `tasks` the writes fail on (a directory): no task moves, so the group is given back.
        Files.createDirectories(resctrl().resolve("mon_groups/cadvisor-demo/tasks"));
        c.started(new Handler("/demo", 133), SPEC);
        assertThat(c.groupDirs()).isEmpty();
        assertThat(resctrl().resolve("mon_groups/cadvisor-demo")).doesNotExist();
    }

    @Test
    void shutdownRemovesEveryGroupItMade() throws IOException {
        ResctrlCollector c = collector(true);
        c.started(new Handler("/demo", 133), SPEC);
        c.started(new Handler("/system.slice/docker-1.scope", 135), SPEC);
        assertThat(ourGroups()).hasSize(2);
        c.close();
        assertThat(ourGroups()).isEmpty();
        assertThat(resctrl().resolve("mon_groups/other-tool")).isDirectory();
        // Discovery may still report a container while the agent stops: no new group.
        c.started(new Handler("/late", 134), SPEC);
        c.refresh();
        assertThat(ourGroups()).isEmpty();
    }
}
