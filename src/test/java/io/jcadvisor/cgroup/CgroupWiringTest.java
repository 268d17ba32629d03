package io.jcadvisor.cgroup;

import io.jcadvisor.container.Acceptance;
import io.jcadvisor.container.ContainerHandler;
import io.jcadvisor.container.ContainerHandlerFactory;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The beans as Quarkus wires them, on the v2 fixture host with the process group on. */
@QuarkusTest
@TestProfile(CgroupWiringTest.V2Host.class)
class CgroupWiringTest {

    public static class V2Host implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cadvisor.host.root", TestHosts.fixture("cgroup-v2-systemd").toString(),
                    "cadvisor.metrics.disable", "advtcp,tcp,udp");
        }
    }

    @Inject
    CgroupMounts mounts;

    @Inject
    CgroupContainers containers;

    @Inject
    @Any
    Instance<ContainerHandlerFactory> factories;

    @Test
    void layoutAndReadersComeFromTheConfiguredHostRoot() throws Exception {
        assertThat(mounts.mode()).isEqualTo(CgroupMode.V2);
        assertThat(mounts.hierarchyRoots()).containsExactly("/sys/fs/cgroup");
        var stats = containers.open("/demo").stats();
        assertThat(stats.cpu().cfs().throttledPeriods()).isEqualTo(117);
        assertThat(stats.processes().processCount()).isEqualTo(3);
        // The machine's device namer is wired in: 254:0 is the fixture's sys/block/vda.
        assertThat(stats.diskio().ioServiceBytes().get(0).device()).isEqualTo("/dev/vda");
    }

    @Test
    void rawIsLastAndSystemdIgnoresMountUnits() throws Exception {
        List<ContainerHandlerFactory> sorted = factories.stream()
                .sorted(Comparator.comparingInt(ContainerHandlerFactory::order)).toList();
        assertThat(sorted).extracting(ContainerHandlerFactory::name).contains("systemd").endsWith("raw");
        ContainerHandlerFactory raw = sorted.get(sorted.size() - 1);
        assertThat(raw.canHandleAndAccept("/demo")).isEqualTo(Acceptance.ACCEPT);
        try (ContainerHandler handler = raw.newHandler("/oom")) {
            assertThat(handler.stats().oomEvents()).isEqualTo(1);
            assertThat(handler.spec().memory().limit()).isEqualTo(16L << 20);
        }
        ContainerHandlerFactory systemd = sorted.stream().filter(f -> f.name().equals("systemd")).findFirst().orElseThrow();
        assertThat(systemd.canHandleAndAccept("/system.slice/tmp.mount")).isEqualTo(Acceptance.IGNORE);
    }
}
