package io.jcadvisor.manager;

import io.jcadvisor.events.EventRequest;
import io.jcadvisor.storage.StorageDriver;
import io.jcadvisor.cache.StatsCache;
import io.jcadvisor.events.EventStore;
import io.jcadvisor.events.EventTypes;
import io.jcadvisor.events.StoragePolicy;
import io.jcadvisor.host.HostFs;
import io.jcadvisor.info.v1.ContainerReference;
import io.jcadvisor.info.v1.Event;
import io.jcadvisor.testing.Await;
import io.jcadvisor.testing.FixedRandom;
import io.jcadvisor.testing.Samples;
import io.jcadvisor.testing.SettableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Discovery between global walks against a real directory tree standing in for two v1 hierarchies:
 * the inotify watch must report a new directory and a removed one within a second, and leave nothing
 * behind under churn.
 */
class CgroupWatchTest {

    private static final Duration WITHIN = Duration.ofSeconds(1);
    private static final List<String> ROOTS = List.of("/sys/fs/cgroup/cpu", "/sys/fs/cgroup/memory");

    @TempDir
    Path host;

    private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final FakeFactory raw = FakeFactory.raw(clock);
    private final StatsCache cache = new StatsCache(Duration.ofMinutes(2), 240);
    private final EventStore events = new EventStore(StoragePolicy.parse("default=24h", "default=100000"));
    private ContainerManager manager;
    private ContainerQueryService queries;
    private Path cpu;
    private Path memory;

    @BeforeEach
    void start() throws IOException {
        cpu = Files.createDirectories(host.resolve("sys/fs/cgroup/cpu"));
        memory = Files.createDirectories(host.resolve("sys/fs/cgroup/memory"));
        Files.createDirectories(cpu.resolve("existing/child"));
        manager = new ContainerManager(HousekeepingSettings.defaults().withJitter(0, 0), clock, new HostFs(host), new TempCgroupMounts(ROOTS), Samples::machine,
                () -> List.of(raw), List.of(), cache, events, StorageDriver.NONE,
                () -> new FixedRandom(0), new ManagerPools(Runnable::run, Runnable::run));
        queries = new ContainerQueryService(manager, events);
        manager.start();
    }

    @AfterEach
    void stop() {
        manager.stop();
    }

    /** Names tracked now, as the API lists them. */
    private Set<String> names() {
        return Set.copyOf(queries.containers().stream().map(ContainerSnapshot::name).toList());
    }

    private int watches() {
        return manager.watchStatus().orElseThrow().watches();
    }

    private List<Event> eventsOf(String name) {
        return queries.events(new EventRequest(name, false, Set.copyOf(EventTypes.ALL), null, null, 0));
    }

    @Test
    void watchesEveryExistingDirectoryAfterStart() {
        assertThat(names()).containsExactlyInAnyOrder("/", "/existing", "/existing/child");
        WatchStatus status = manager.watchStatus().orElseThrow();
        assertThat(status.watches()).as("cpu: /, /existing, /existing/child; memory: /").isEqualTo(4);
        assertThat(status.limitHit()).isFalse();
    }

    @Test
    void newDirectoryIsTrackedAndRemovedOneDroppedWithinASecond() throws Exception {
        Path dir = Files.createDirectory(cpu.resolve("w1"));
        Duration added = Await.until(WITHIN, () -> names().contains("/w1"));
        manager.housekeepingTick();
        assertThat(cache.names()).contains("/w1");

        clock.advance(Duration.ofSeconds(3));
        Files.delete(dir);
        // The deletion event is the last step of a removal: once it is there, all of it is done.
        Duration removed = Await.until(WITHIN, () -> eventsOf("/w1").size() == 2);
        assertThat(names()).doesNotContain("/w1");
        assertThat(cache.names()).doesNotContain("/w1");
        assertThat(eventsOf("/w1")).extracting(Event::eventType)
                .containsExactly(EventTypes.CONTAINER_CREATION, EventTypes.CONTAINER_DELETION);
        assertThat(eventsOf("/w1").get(1).timestamp()).isEqualTo(clock.instant());
        System.out.printf("watch latency: add %d ms, remove %d ms%n", added.toMillis(), removed.toMillis());
    }

    @Test
    void nestedDirectoriesCreatedAtOnceAreAllFound() throws Exception {
        Files.createDirectories(cpu.resolve("a/b/c/d"));
        Await.until(WITHIN, () -> names().containsAll(List.of("/a", "/a/b", "/a/b/c", "/a/b/c/d")));
        Await.until(WITHIN, () -> watches() == 4 + 4);
    }

    @Test
    void aNameLivesUntilItsLastHierarchyGoes() throws Exception {
        Files.createDirectory(cpu.resolve("both"));
        Files.createDirectory(memory.resolve("both"));
        Await.until(WITHIN, () -> manager.watchStatus().orElseThrow().watches() == 6);
        Files.delete(cpu.resolve("both"));
        Await.until(WITHIN, () -> manager.watchStatus().orElseThrow().watches() == 5);
        assertThat(names()).contains("/both");
        Files.delete(memory.resolve("both"));
        Await.until(WITHIN, () -> eventsOf("/both").size() == 2);
        assertThat(names()).doesNotContain("/both");
        assertThat(eventsOf("/both")).extracting(Event::eventType)
                .containsExactly(EventTypes.CONTAINER_CREATION, EventTypes.CONTAINER_DELETION);
    }

    @Test
    void mountUnitsAreNotWatched() throws Exception {
        Files.createDirectories(cpu.resolve("home.mount/inner"));
        Files.createDirectory(cpu.resolve("after"));
        Await.until(WITHIN, () -> names().contains("/after"));
        assertThat(watches()).as("the 4 of the start and /after: no watch on the .mount unit nor below it")
                .isEqualTo(5);
    }

    @Test
    void churnLeavesNothingBehind() throws Exception {
        int baselineWatches = manager.watchStatus().orElseThrow().watches();
        for (int i = 0; i < 200; i++) {
            String name = "churn-" + i;
            Path dir = Files.createDirectories((i % 2 == 0 ? cpu : memory).resolve(name).resolve("sub"));
            Await.until(WITHIN, () -> names().contains("/" + name + "/sub"));
            clock.advance(Duration.ofSeconds(1));
            manager.housekeepingTick();
            Files.delete(dir);
            Files.delete(dir.getParent());
        }
        Await.until(WITHIN, () -> names().size() == 3);
        assertThat(names()).containsExactlyInAnyOrder("/", "/existing", "/existing/child");
        assertThat(cache.names()).allMatch(n -> !n.startsWith("/churn"));
        assertThat(queries.children("/")).extracting(ContainerReference::name).containsExactly("/existing");
        Await.until(WITHIN, () -> watches() == baselineWatches);
        // a deletion event is recorded once the handler was asked for the exit code, off the watch thread
        Await.until(WITHIN, () -> events.size(EventTypes.CONTAINER_DELETION) >= 400);
        assertThat(events.size(EventTypes.CONTAINER_DELETION)).isEqualTo(400);
        manager.globalHousekeeping();
        assertThat(names()).hasSize(3);
    }
}
