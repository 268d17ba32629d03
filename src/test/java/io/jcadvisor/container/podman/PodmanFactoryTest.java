package io.jcadvisor.container.podman;

import io.jcadvisor.container.Acceptance;
import io.jcadvisor.container.ContainerHandler;
import io.jcadvisor.container.DiscoveryHint;
import io.jcadvisor.config.EnabledMetrics;
import io.jcadvisor.config.MetricKind;
import io.jcadvisor.container.ProcessView;
import io.jcadvisor.container.engine.DockerEvent;
import io.jcadvisor.container.engine.DockerException;
import io.jcadvisor.container.engine.DockerInspect;
import io.jcadvisor.container.engine.DockerStatus;
import io.jcadvisor.container.engine.EngineFactory;
import io.jcadvisor.container.engine.FakeCgroupContainer;
import io.jcadvisor.container.engine.FakeDockerClient;
import io.jcadvisor.host.HostFs;
import io.jcadvisor.info.v1.ContainerReference;
import io.jcadvisor.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Podman's factory over a hand-written engine client: which cgroup names are Podman's (the names are
 * the ones this host's cgroupfs manager and upstream's systemd/rootless layouts produce), what a
 * handler reports, and the storage layout.
 */
class PodmanFactoryTest {

    /** The id of a container {@code podman run} made on this host (Podman 4.3.1, cgroupfs manager). */
    static final String ID = "770a1d508b48475807ff53b18b8998027bb833f1cc74d7e6addc13b3314d6ff0";

    @TempDir
    Path root;

    final FakeDockerClient client = new FakeDockerClient();
    final List<DiscoveryHint> hints = new CopyOnWriteArrayList<>();
    PodmanFactory factory;

    PodmanFactory factory() {
        factory = new PodmanFactory(client, () -> FakeCgroupContainer::new,
                new EngineFactory.Settings(true, "unix:///run/podman/podman.sock", PodmanFactory.DEFAULT_ROOT,
                        Duration.ofMinutes(1), List.of("JCADV")),
                new HostFs(root), new EnabledMetrics(EnumSet.allOf(MetricKind.class)), Clock.systemUTC(), hints::add,
                ProcessView::none);
        return factory;
    }

    @AfterEach
    void close() {
        if (factory != null) {
            factory.close();
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "none", value = {
            // cgroupfs manager, this host (cgroup v1, no systemd)
            "/libpod_parent/libpod-" + ID + ", " + ID,
            "/libpod_parent/conmon, none",
            "/libpod_parent, none",
            // systemd manager, rootful
            "/machine.slice/libpod-" + ID + ".scope, " + ID,
            "/machine.slice/libpod-conmon-" + ID + ".scope, " + ID,
            // rootless on cgroup v2: the processes sit in a child named `container`
            "/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" + ID + ".scope/container, " + ID,
            "/container, none",
            "container, none",
            "/libpod_parent/libpod-" + ID + "/child, none",
            "/system.slice/var-lib-containers-storage-overlay-" + ID + "-merged.mount, none",
            "/, none",
            "'', none",
    })
    void cgroupNameMapsToTheContainerId(String name, String id) {
        assertThat(PodmanFactory.LAYOUT.containerId(name)).isEqualTo(java.util.Optional.ofNullable(id));
    }

    @Test
    void acceptsOnlyWhatPodmanInspectsAsRunning() {
        PodmanFactory f = factory();
        client.containers.put(ID, podman(ID, "podh-web", true));
        String stopped = ID.replace('7', '8');
        client.containers.put(stopped, podman(stopped, "podh-old", false));

        assertThat(f.canHandleAndAccept("/libpod_parent/libpod-" + ID)).isEqualTo(Acceptance.ACCEPT);
        assertThat(f.canHandleAndAccept("/libpod_parent/libpod-" + stopped)).isEqualTo(Acceptance.NOT_MINE);
        assertThat(f.canHandleAndAccept("/libpod_parent/libpod-" + ID.replace('7', '9')))
                .as("unknown to Podman (a Docker container)").isEqualTo(Acceptance.NOT_MINE);
        assertThat(f.canHandleAndAccept("/libpod_parent/conmon")).isEqualTo(Acceptance.NOT_MINE);
        assertThat(f.name()).isEqualTo("podman");
        assertThat(f.order()).isGreaterThan(10);
    }

    @Test
    void anErrorAnswerAboutOneContainerLeavesPodmanReachable() {
        PodmanFactory f = factory();
        String broken = ID.replace('7', '8');
        client.inspectErrors.put(broken, new DockerException(
                "GET /containers/" + broken + "/json: status 500: container state improper", null, true));
        client.containers.put(ID, podman(ID, "podh-web", true));

        assertThat(f.canHandleAndAccept("/libpod_parent/libpod-" + broken)).isEqualTo(Acceptance.NOT_MINE);
        assertThat(f.status().reachable()).isTrue();
        assertThat(f.canHandleAndAccept("/libpod_parent/libpod-" + ID)).isEqualTo(Acceptance.ACCEPT);

        client.reachable = false;
        assertThat(f.canHandleAndAccept("/libpod_parent/libpod-" + ID)).isEqualTo(Acceptance.NOT_MINE);
        assertThat(f.status().reachable()).as("no answer at all: the service is down").isFalse();
    }

    @Test
    void handlerReportsPodmansNamespaceAliasesAndMetadata() throws Exception {
        PodmanFactory f = factory();
        client.containers.put(ID, podman(ID, "podh-web", true));
        String name = "/libpod_parent/libpod-" + ID;
        assertThat(f.canHandleAndAccept(name)).isEqualTo(Acceptance.ACCEPT);

        try (ContainerHandler h = f.newHandler(name)) {
            ContainerReference ref = h.reference();
            assertThat(ref.name()).isEqualTo(name);
            assertThat(ref.namespace()).isEqualTo("podman");
            assertThat(ref.aliases()).containsExactly("podh-web", ID);
            assertThat(h.labels()).isEqualTo(Map.of("team", "spec"));
            assertThat(h.spec().image()).isEqualTo("localhost/jcadvisor/busybox:latest");
            assertThat(h.spec().memory().limit()).isEqualTo(67108864L);
            assertThat(h.spec().envs()).isEqualTo(Map.of("jcadv_mode", "test"));
            assertThat(h.spec().creationTime()).isEqualTo(Instant.parse("2026-11-26T23:51:00.123456789Z"));
            assertThat(h.spec().startTime()).isEqualTo(Instant.parse("2026-11-26T23:51:01.5Z"));
        }
    }

    @Test
    void podmansStartAndRemoveEventsHintDiscovery() {
        PodmanFactory f = factory();
        f.ensureStarted();
        client.emit(new DockerEvent("container", "start", "start", ID, new DockerEvent.Actor(ID)));
        client.emit(new DockerEvent("container", "remove", "remove", ID, new DockerEvent.Actor(ID)));

        Await.until(Duration.ofSeconds(5), () -> hints.size() == 2);
        assertThat(hints).containsExactly(new DiscoveryHint("podman", ID, true), new DiscoveryHint("podman", ID, false));
    }

    @Test
    void storageLayoutIsContainersStorages() {
        DockerInspect c = new DockerInspect(ID, "/podh-web", "2026-11-27T02:36:51.237687173Z", null, 0, null, null,
                new DockerInspect.GraphDriver("overlay", Map.of("UpperDir",
                        "/var/lib/containers/storage/overlay/39e0f9c000e4/diff")), null);
        HostFs hostFs = new HostFs(root);

        assertThat(PodmanFactory.LAYOUT.rwLayerDir(hostFs, PodmanFactory.DEFAULT_ROOT, "overlay", ID, c))
                .contains("/var/lib/containers/storage/overlay/39e0f9c000e4/diff");
        assertThat(PodmanFactory.LAYOUT.containerDir(PodmanFactory.DEFAULT_ROOT, "overlay", ID))
                .isEqualTo("/var/lib/containers/storage/overlay-containers/" + ID);
        DockerInspect vfs = new DockerInspect(ID, "/podh-web", null, null, 0, null, null,
                new DockerInspect.GraphDriver("vfs", null), null);
        assertThat(PodmanFactory.LAYOUT.rwLayerDir(hostFs, PodmanFactory.DEFAULT_ROOT, "vfs", ID, vfs)).isEmpty();
    }

    @Test
    void anAbsentSocketTurnsPodmanOffWithoutErrors() throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        try {
            String endpoint = "unix://" + root.resolve("podman.sock");
            EngineFactory.Settings settings = new EngineFactory.Settings(true, endpoint, PodmanFactory.DEFAULT_ROOT,
                    Duration.ofMinutes(1), List.of());
            factory = new PodmanFactory(EngineFactory.clientFor(PodmanFactory.PODMAN, settings, vertx),
                    () -> FakeCgroupContainer::new, settings, new HostFs(root),
                    new EnabledMetrics(EnumSet.allOf(MetricKind.class)), Clock.systemUTC(), hints::add,
                    ProcessView::none);

            factory.ensureStarted();
            assertThat(factory.canHandleAndAccept("/libpod_parent/libpod-" + ID)).isEqualTo(Acceptance.NOT_MINE);
            DockerStatus status = factory.status();
            assertThat(status.enabled()).isTrue();
            assertThat(status.reachable()).isFalse();
            assertThat(status.lastError()).get().asString().contains("no such socket (is podman system service running?)");
            assertThat(factory.podmanReport().check().headline()).isEqualTo("[Unknown]");
        } finally {
            factory.close();
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void disabledPodmanIsNeverAsked() {
        EngineFactory.Settings off = new EngineFactory.Settings(false, "unix:///run/podman/podman.sock",
                PodmanFactory.DEFAULT_ROOT, Duration.ofMinutes(1), List.of());
        factory = new PodmanFactory(client, () -> FakeCgroupContainer::new, off, new HostFs(root),
                new EnabledMetrics(EnumSet.allOf(MetricKind.class)), Clock.systemUTC(), hints::add, ProcessView::none);
        client.containers.put(ID, podman(ID, "podh-web", true));

        assertThat(factory.canHandleAndAccept("/libpod_parent/libpod-" + ID)).isEqualTo(Acceptance.NOT_MINE);
        assertThat(client.inspectCalls).hasValue(0);
        assertThat(factory.podmanReport().check().headline()).isEqualTo("[Unsupported]");
        assertThat(factory.podmanReport().check().details())
                .anyMatch(d -> d.contains("cadvisor.runtimes.podman.enabled=false"));
    }

    /** As Podman's compatible API answers for {@code podman run --label team=spec --memory 64m}. */
    static DockerInspect podman(String id, String name, boolean running) {
        DockerInspect d = FakeDockerClient.container(id, name, running, "bridge", 0, null);
        return new DockerInspect(d.id(), d.name(), d.created(), d.state(), d.restartCount(),
                new DockerInspect.Config("localhost/jcadvisor/busybox:latest", Map.of("team", "spec"),
                        List.of("PATH=/usr/bin", "container=podman", "JCADV_MODE=test")),
                d.hostConfig(), new DockerInspect.GraphDriver("overlay", Map.of()), d.networkSettings());
    }
}
