package io.jcadvisor.web;

import io.jcadvisor.cgroup.CgroupMounts;
import io.jcadvisor.manager.ContainerQueries;
import io.jcadvisor.testing.Await;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The global walk and the machine info refresh run on their intervals in the running application (their
 * timers are started by {@code manager.Housekeeping}, not declared to a scheduler): with the inotify watch
 * off, a cgroup made after start is found only by a later global walk.
 */
@QuarkusTest
@TestProfile(PeriodicHousekeepingTest.ShortIntervals.class)
class PeriodicHousekeepingTest {

    public static class ShortIntervals extends ManagerHealthProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("cadvisor.housekeeping.watch", "false");
            overrides.put("cadvisor.housekeeping.global-interval", "300ms");
            overrides.put("cadvisor.machine.update-interval", "300ms");
            return overrides;
        }
    }

    @Inject
    ContainerQueries queries;

    @Inject
    CgroupMounts mounts;

    @Inject
    TestHostBeans.FixedMachine machine;

    @Test
    void aCgroupMadeAfterStartIsFoundByAGlobalWalk() throws Exception {
        Files.createDirectories(Path.of(mounts.hierarchyRoots().get(0), "late"));
        Await.until(Duration.ofSeconds(10), () -> queries.containers().stream().anyMatch(c -> c.name().equals("/late")));
    }

    @Test
    void machineInfoIsReadAgainEveryUpdateInterval() {
        int atStart = machine.reads();
        Await.until(Duration.ofSeconds(10), () -> machine.reads() >= atStart + 2);
    }
}
