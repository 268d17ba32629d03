package io.jcadvisor.container.docker;

import io.jcadvisor.cgroup.CgroupContainers;
import io.jcadvisor.container.Acceptance;
import io.jcadvisor.container.ContainerHandlerFactory;
import io.jcadvisor.container.engine.DockerHandler;
import io.jcadvisor.container.engine.DockerStatus;
import io.jcadvisor.info.v1.ContainerSpec;
import io.jcadvisor.testing.Acceptances;
import io.jcadvisor.testing.Await;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Docker plugin as the application wires it: Vert.x over the unix socket with the native transport,
 * a CDI {@code DiscoveryHint} per container start, and (once {@code io.jcadvisor.cgroup} provides its
 * {@link CgroupContainers} bean) the cgroup limits in the handler's spec.
 */
@QuarkusTest
class DockerWiringTest {

    @Inject
    @Any
    Instance<ContainerHandlerFactory> factories;
    @Inject
    DockerFactory docker;
    @Inject
    HintRecorder hints;
    @Inject
    Instance<CgroupContainers> cgroups;

    final DockerCli cli = new DockerCli();

    @AfterEach
    void cleanUp() {
        cli.removeAll();
    }

    @Test
    void dockerFactoryIsAContainerHandlerFactoryReachingTheDaemon() {
        assertThat(factories.stream().map(ContainerHandlerFactory::name)).contains("docker");
        docker.ensureStarted();

        DockerStatus status = docker.status();
        assertThat(status.reachable()).as("last error: %s", status.lastError()).isTrue();
        assertThat(status.storageDriver()).contains("overlay2");
        assertThat(status.rootDir()).isEqualTo("/var/lib/docker");
    }

    @Test
    void containerStartFiresADiscoveryHintEvent() throws Exception {
        docker.ensureStarted();
        Thread.sleep(300);

        String id = cli.runDetached(DockerCli.uniqueName(), List.of(), "sleep", "300");

        Await.until(Duration.ofSeconds(5), () -> hints.hints.containsKey(id + "+"));
        assertThat(Acceptances.awaitAccepted(docker, "/docker/" + id)).isEqualTo(Acceptance.ACCEPT);
    }

    @Test
    void cgroupLimitsReachTheDockerHandlerSpec() throws Exception {
        String name = DockerCli.uniqueName();
        String id = cli.runDetached(name, List.of("--label", "team=spec", "--memory", "64m", "--cpus", "0.5"),
                "sleep", "300");
        String cgroup = "/docker/" + id;

        assertThat(Acceptances.awaitAccepted(docker, cgroup)).isEqualTo(Acceptance.ACCEPT);
        try (DockerHandler handler = (DockerHandler) docker.newHandler(cgroup)) {
            ContainerSpec spec = handler.spec();
            assertThat(handler.reference().aliases()).containsExactly(name, id);
            assertThat(spec.labels()).containsEntry("team", "spec");
            assertThat(spec.image()).isEqualTo(DockerCli.IMAGE);
            assertThat(spec.memory().limit()).isEqualTo(67108864);
            assertThat(spec.cpu().quota()).isEqualTo(50000);
            assertThat(spec.cpu().period()).isEqualTo(100000);
            assertThat(handler.stats()).isNotNull();
        }
    }
}
