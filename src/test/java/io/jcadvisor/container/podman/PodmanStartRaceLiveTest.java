package io.jcadvisor.container.podman;

import io.jcadvisor.container.engine.EnginePlugin;
import io.jcadvisor.testing.EngineCli;
import io.jcadvisor.testing.EngineProxyResource;
import io.jcadvisor.testing.EngineStartRaceChecks;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The container-start race with the real Podman service behind a {@link io.jcadvisor.testing.DelayingProxy}
 * that holds a new container's inspect for 8 s after the agent first asks (Podman's service, like
 * dockerd, answers it once the container has started). Containers are named {@code race-*} and removed after each test.
 */
@QuarkusTest
@TestProfile(PodmanStartRaceLiveTest.BehindProxy.class)
class PodmanStartRaceLiveTest extends EngineStartRaceChecks {

    public static class BehindProxy implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(EngineProxyResource.class, Map.of("upstream", "/run/podman/podman.sock",
                    "key", "cadvisor.runtimes.podman.endpoint", "delay", DELAY)));
        }
    }

    final PodmanCli podman = new PodmanCli();

    @Inject
    PodmanFactory factory;

    @BeforeAll
    static void daemon() {
        assertThat(PodmanCli.available()).as("the Podman API service: run bin/provision first").isTrue();
    }

    @Override
    protected EngineCli cli() {
        return podman;
    }

    @Override
    protected String cgroup(String id) {
        return "/libpod_parent/libpod-" + id;
    }

    @Override
    protected String image() {
        return PodmanCli.IMAGE;
    }

    @Override
    protected EnginePlugin factory() {
        return factory;
    }
}
