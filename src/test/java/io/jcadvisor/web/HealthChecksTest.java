package io.jcadvisor.web;

import io.jcadvisor.cache.StatsCache;
import io.jcadvisor.storage.StorageDriver;
import io.jcadvisor.cgroup.CgroupMode;
import io.jcadvisor.cgroup.CgroupMounts;
import io.jcadvisor.events.EventStore;
import io.jcadvisor.events.StoragePolicy;
import io.jcadvisor.host.HostFs;
import io.jcadvisor.info.v1.MachineInfo;
import io.jcadvisor.manager.ContainerManager;
import io.jcadvisor.manager.ManagerPools;
import io.jcadvisor.manager.HousekeepingSettings;
import io.jcadvisor.testing.FixedRandom;
import io.jcadvisor.testing.Samples;
import io.jcadvisor.testing.SettableClock;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class HealthChecksTest {

    @TempDir
    Path host;

    private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final AtomicReference<MachineInfo> machine = new AtomicReference<>();
    private ContainerManager manager;

    private ContainerManager manager() {
        CgroupMounts mounts = new CgroupMounts() {
            @Override
            public CgroupMode mode() {
                return CgroupMode.V2;
            }

            @Override
            public List<String> hierarchyRoots() {
                return List.of("/");
            }
        };
        manager = new ContainerManager(HousekeepingSettings.defaults().withWatch(false), clock, new HostFs(host), mounts, () -> {
                    MachineInfo m = machine.get();
                    if (m == null) {
                        throw new IllegalStateException("no /proc/cpuinfo");
                    }
                    return m;
                },
                List::of, List.of(), new StatsCache(Duration.ofMinutes(2), 10), new EventStore(StoragePolicy.parse("default=24h", "default=10")), StorageDriver.NONE,
                () -> new FixedRandom(0), new ManagerPools(Runnable::run, Runnable::run));
        return manager;
    }

    @AfterEach
    void stop() {
        if (manager != null) {
            manager.stop();
        }
    }

    @Test
    void livenessGoesDownWhenTheTickStalls() {
        ContainerManager m = manager();
        HousekeepingLivenessCheck check = new HousekeepingLivenessCheck(m, clock);
        assertThat(check.check().getStatus()).as("before start").isEqualTo(HealthCheckResponse.Status.UP);
        m.start();
        m.housekeepingTick();
        clock.advance(Duration.ofSeconds(9));
        assertThat(check.check().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        clock.advance(Duration.ofSeconds(2));
        assertThat(check.check().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        m.housekeepingTick();
        assertThat(check.check().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    }

    @Test
    void readinessWaitsForMachineInfo() {
        ContainerManager m = manager();
        ManagerReadinessCheck check = new ManagerReadinessCheck(m);
        assertThat(check.check().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        m.start();
        assertThat(check.check().getStatus()).as("machine info failed").isEqualTo(HealthCheckResponse.Status.DOWN);
        machine.set(Samples.machine());
        m.refreshMachineInfo();
        assertThat(check.check().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    }
}
