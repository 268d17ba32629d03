package io.jcadvisor.container.docker;

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
 * The container-start race with the real dockerd behind a {@link io.jcadvisor.testing.DelayingProxy}
 * that holds a new container's inspect for 8 s after the agent first asks (dockerd answers it once
 * the container has started). Containers are named {@code race-*} and removed after each test.
 */
@QuarkusTest
@TestProfile(DockerStartRaceLiveTest.BehindProxy.class)
class DockerStartRaceLiveTest extends EngineStartRaceChecks {

    public static class BehindProxy implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(EngineProxyResource.class, Map.of("upstream", "/var/run/docker.sock",
                    "key", "cadvisor.runtimes.docker.endpoint", "delay", DELAY)));
        }
    }

    final DockerCli docker = new DockerCli();

    @Inject
    DockerFactory factory;

    @BeforeAll
    static void daemon() {
        assertThat(DockerCli.available()).as("a running dockerd: run bin/provision first").isTrue();
    }

    @Override
    protected EngineCli cli() {
        return docker;
    }

    @Override
    protected String cgroup(String id) {
        return "/docker/" + id;
    }

    @Override
    protected String image() {
        return DockerCli.IMAGE;
    }

    @Override
    protected EnginePlugin factory() {
        return factory;
    }
}
