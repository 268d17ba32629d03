package io.jcadvisor.manager;

import io.jcadvisor.cache.StatsCache;
import io.jcadvisor.storage.StorageDriver;
import io.jcadvisor.events.EventStore;
import io.jcadvisor.events.StoragePolicy;
import io.jcadvisor.host.HostFs;
import io.jcadvisor.testing.Await;
import io.jcadvisor.testing.FixedRandom;
import io.jcadvisor.testing.Samples;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The directory watch on this host's real cgroupfs (v1 {@code memory} hierarchy): inotify events come
 * from the kernel's cgroup filesystem, not a test directory. The cgroup it makes has a unique name and
 * is removed even on failure (no process is ever put in it).
 */
class CgroupWatchLiveTest {

    private static final String HIERARCHY = "/sys/fs/cgroup/memory";

    @Test
    void realCgroupIsSeenAndDroppedWithinASecond() throws Exception {
        HostFs hostFs = new HostFs(Path.of("/"));
        Path memory = Path.of(HIERARCHY);
        assumeTrue(Files.isWritable(memory.resolve("cgroup.procs")), "needs root and a v1 memory hierarchy");
        Clock clock = Clock.systemUTC();
        EventStore events = new EventStore(StoragePolicy.parse("default=1h", "default=100"));
        ContainerManager manager = new ContainerManager(HousekeepingSettings.defaults(), clock, hostFs,
                new TempCgroupMounts(List.of(HIERARCHY)), Samples::machine, () -> List.of(FakeFactory.raw(clock)),
                List.of(), new StatsCache(Duration.ofMinutes(2), 10), events, StorageDriver.NONE,
                () -> new FixedRandom(0), new ManagerPools(Runnable::run, Runnable::run));
        ContainerQueryService queries = new ContainerQueryService(manager, events);
        String name = "/jcadvisor-manager-" + UUID.randomUUID().toString().substring(0, 8);
        Path cgroup = memory.resolve(name.substring(1));
        try {
            manager.start();
            assertThat(manager.watchStatus()).isPresent();
            Files.createDirectory(cgroup);
            Duration added = Await.until(Duration.ofSeconds(1), () -> names(queries).contains(name));
            Files.delete(cgroup);
            Duration removed = Await.until(Duration.ofSeconds(1), () -> !names(queries).contains(name));
            System.out.printf("live cgroupfs watch latency: add %d ms, remove %d ms%n", added.toMillis(),
                    removed.toMillis());
        } finally {
            manager.stop();
            Files.deleteIfExists(cgroup);
        }
    }

    private static Set<String> names(ContainerQueryService queries) {
        return Set.copyOf(queries.containers().stream().map(ContainerSnapshot::name).toList());
    }
}
