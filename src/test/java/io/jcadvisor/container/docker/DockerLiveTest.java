package io.jcadvisor.container.docker;

import io.jcadvisor.container.Acceptance;
import io.jcadvisor.container.DiscoveryHint;
import io.jcadvisor.config.EnabledMetrics;
import io.jcadvisor.config.MetricKind;
import io.jcadvisor.container.engine.DockerClient;
import io.jcadvisor.container.engine.DockerHandler;
import io.jcadvisor.container.engine.DockerInfo;
import io.jcadvisor.container.engine.DockerInspect;
import io.jcadvisor.container.engine.DockerVersion;
import io.jcadvisor.container.engine.EngineFactory;
import io.jcadvisor.container.engine.FakeCgroupContainer;
import io.jcadvisor.container.engine.VertxDockerClient;
import io.jcadvisor.host.HostFs;
import io.jcadvisor.info.v1.ContainerReference;
import io.jcadvisor.info.v1.ContainerSpec;
import io.jcadvisor.info.v1.FsStats;
import io.jcadvisor.testing.Acceptances;
import io.jcadvisor.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Against the real Docker engine that {@code bin/provision} starts (cgroupfs driver, cgroup v1: containers
 * at {@code /docker/<id>}). Every container is named {@code jcadv-dk-*} and removed after each test.
 */
class DockerLiveTest {

    static Vertx vertx;
    final DockerCli docker = new DockerCli();
    final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeAll
    static void vertx() {
        assertThat(DockerCli.available()).as("a running dockerd: run bin/provision first").isTrue();
        vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        assertThat(vertx.isNativeTransportEnabled()).as("epoll transport on the classpath").isTrue();
    }

    @AfterAll
    static void closeVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void cleanUp() throws Exception {
        docker.removeAll();
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    VertxDockerClient client(String endpoint) {
        VertxDockerClient client = new VertxDockerClient(vertx, endpoint, DockerFactory.CLIENT_TIMEOUT);
        closeables.add(client);
        return client;
    }

    DockerFactory factory(DockerClient client, Map<String, Long> hints) {
        DockerFactory factory = new DockerFactory(client, () -> FakeCgroupContainer::new,
                new EngineFactory.Settings(true, "unix:///var/run/docker.sock", "/var/lib/docker",
                        Duration.ofMinutes(1), List.of("JCADV")),
                new HostFs(Path.of("/")), new EnabledMetrics(EnumSet.allOf(MetricKind.class)), Clock.systemUTC(),
                (DiscoveryHint hint) -> hints.putIfAbsent(hint.id() + (hint.started() ? "+" : "-"), System.nanoTime()));
        closeables.add(factory::close);
        return factory;
    }

    String runSpecContainer(String name) throws Exception {
        return docker.runDetached(name, List.of("--label", "team=spec", "--memory", "64m", "--cpus", "0.5",
                "-e", "JCADV_MODE=live"), "sleep", "300");
    }

    @Test
    void clientReadsVersionInfoAndListsContainers() throws Exception {
        VertxDockerClient client = client("unix:///var/run/docker.sock");

        DockerVersion version = client.version();
        DockerInfo info = client.info();
        assertThat(version.version()).isEqualTo(info.serverVersion()).startsWith("20.10");
        assertThat(info.driver()).isEqualTo("overlay2");
        assertThat(info.dockerRootDir()).isEqualTo("/var/lib/docker");

        String name = DockerCli.uniqueName();
        String id = runSpecContainer(name);
        assertThat(client.listContainers()).anySatisfy(c -> {
            assertThat(c.id()).isEqualTo(id);
            assertThat(c.names()).containsExactly("/" + name);
        });
    }

    @Test
    void inspectGivesNameLabelImageAndLimits() throws Exception {
        VertxDockerClient client = client("unix:///var/run/docker.sock");
        String name = DockerCli.uniqueName();
        String id = runSpecContainer(name);

        DockerInspect c = client.inspect(id).orElseThrow();

        assertThat(c.id()).isEqualTo(id).hasSize(64);
        assertThat(c.name()).isEqualTo("/" + name);
        assertThat(c.running()).isTrue();
        assertThat(c.state().pid()).isPositive();
        assertThat(c.config().image()).isEqualTo(DockerCli.IMAGE);
        assertThat(c.config().labels()).containsEntry("team", "spec");
        assertThat(c.config().env()).contains("JCADV_MODE=live");
        assertThat(c.hostConfig().memory()).isEqualTo(67108864);
        assertThat(c.hostConfig().nanoCpus()).isEqualTo(500_000_000);
        assertThat(c.hostConfig().networkMode()).isEqualTo("default");
        assertThat(c.graphDriver().name()).isEqualTo("overlay2");
        assertThat(client.inspect("0".repeat(64))).isEmpty();

        // Back-to-back calls on pooled connections: once lost answers (handlers set after the body came).
        long start = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            assertThat(client.inspect(i % 10 == 0 ? "0".repeat(64) : id).isPresent()).isEqualTo(i % 10 != 0);
        }
        System.out.printf("inspect over the unix socket: %.2f ms on average (200 calls)%n",
                (System.nanoTime() - start) / 200 / 1e6);
    }

    @Test
    void factoryAcceptsARunningContainerAndItsHandlerShowsDockerFields() throws Exception {
        DockerFactory factory = factory(client("unix:///var/run/docker.sock"), new ConcurrentHashMap<>());
        String name = DockerCli.uniqueName();
        String id = runSpecContainer(name);
        String cgroup = "/docker/" + id;

        assertThat(Acceptances.awaitAccepted(factory, cgroup)).isEqualTo(Acceptance.ACCEPT);
        assertThat(factory.status().reachable()).isTrue();
        assertThat(factory.status().version()).hasValueSatisfying(v -> assertThat(v).startsWith("20.10"));

        try (DockerHandler handler = (DockerHandler) factory.newHandler(cgroup)) {
            ContainerReference ref = handler.reference();
            assertThat(ref.aliases()).containsExactly(name, id);
            assertThat(ref.namespace()).isEqualTo("docker");
            ContainerSpec spec = handler.spec();
            assertThat(spec.image()).isEqualTo(DockerCli.IMAGE);
            assertThat(spec.labels()).containsEntry("team", "spec");
            assertThat(spec.envs()).containsEntry("jcadv_mode", "live");
            assertThat(spec.hasNetwork()).isTrue();
            assertThat(handler.mainPid()).isEqualTo(handler.inspect().state().pid()).isPositive();
        }
        // The limits live in this cgroup: what CgroupContainer reads once it is wired (see DockerWiringTest).
        assertThat(Files.readString(Path.of("/sys/fs/cgroup/memory" + cgroup + "/memory.limit_in_bytes")).trim())
                .isEqualTo("67108864");
        assertThat(Files.readString(Path.of("/sys/fs/cgroup/cpu" + cgroup + "/cpu.cfs_quota_us")).trim())
                .isEqualTo("50000");
        assertThat(Files.readString(Path.of("/sys/fs/cgroup/cpu" + cgroup + "/cpu.cfs_period_us")).trim())
                .isEqualTo("100000");
    }

    @Test
    void stoppedContainerIsNotMine() throws Exception {
        DockerFactory factory = factory(client("unix:///var/run/docker.sock"), new ConcurrentHashMap<>());
        String name = DockerCli.uniqueName();
        String id = docker.runDetached(name, List.of(), "true");
        DockerCli.run(List.of(DockerCli.DOCKER, "wait", name));

        assertThat(factory.canHandleAndAccept("/docker/" + id)).isEqualTo(Acceptance.NOT_MINE);
    }

    @Test
    void eventStreamDeliversAHintWithinOneSecondOfDockerRun() throws Exception {
        Map<String, Long> hints = new ConcurrentHashMap<>();
        DockerFactory factory = factory(client("unix:///var/run/docker.sock"), hints);
        factory.ensureStarted();
        // The stream opens asynchronously after the first probe; let it settle before the clock starts.
        Thread.sleep(300);

        String id = runSpecContainer(DockerCli.uniqueName());
        long returned = System.nanoTime();
        Await.until(Duration.ofSeconds(5), () -> hints.containsKey(id + "+"));
        long lagMs = (hints.get(id + "+") - returned) / 1_000_000;
        System.out.printf("DiscoveryHint for start arrived %d ms after docker run returned%n", lagMs);
        assertThat(lagMs).isLessThan(1000);

        DockerCli.run(List.of(DockerCli.DOCKER, "rm", "-f", id));
        Await.until(Duration.ofSeconds(5), () -> hints.containsKey(id + "-"));
    }

    @Test
    void writableLayerUsageIsMeasuredInTheBackground() throws Exception {
        DockerFactory factory = factory(client("unix:///var/run/docker.sock"), new ConcurrentHashMap<>());
        String name = DockerCli.uniqueName();
        String id = runSpecContainer(name);
        docker.exec(name, "dd", "if=/dev/zero", "of=/tmp/blob", "bs=1024", "count=2048");

        assertThat(Acceptances.awaitAccepted(factory, "/docker/" + id)).isEqualTo(Acceptance.ACCEPT);
        try (DockerHandler handler = (DockerHandler) factory.newHandler("/docker/" + id)) {
            assertThat(handler.spec().hasFilesystem()).isTrue();
            Await.until(Duration.ofSeconds(5), () -> {
                try {
                    return handler.stats().filesystem() != null;
                } catch (Exception e) {
                    return false;
                }
            });
            FsStats fs = handler.stats().filesystem().get(0);
            System.out.printf("writable layer of %s: usage %d base %d inodes %d on %s (%d bytes)%n", name,
                    fs.usage(), fs.baseUsage(), fs.inodes(), fs.device(), fs.capacity());
            assertThat(fs.baseUsage()).isBetween(2L << 20, (2L << 20) + (64 << 10));
            assertThat(fs.usage()).isGreaterThan(fs.baseUsage());
            assertThat(fs.inodes()).isGreaterThanOrEqualTo(3);
            assertThat(fs.device()).isEqualTo(Files.getFileStore(Path.of("/var/lib/docker")).name());
        }
    }

    @Test
    void unreachableDaemonIsNotMineQuicklyAndReported() throws Exception {
        DockerFactory factory = factory(client("unix:///tmp/jcadv-dk-missing.sock"), new ConcurrentHashMap<>());
        String id = "a".repeat(64);

        long start = System.nanoTime();
        assertThat(factory.canHandleAndAccept("/docker/" + id)).isEqualTo(Acceptance.NOT_MINE);
        assertThat(factory.canHandleAndAccept("/docker/" + id)).isEqualTo(Acceptance.NOT_MINE);
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("NOT_MINE with a missing socket took %d ms for two names%n", ms);

        assertThat(ms).isLessThan(500);
        assertThat(factory.status().reachable()).isFalse();
        assertThat(factory.status().lastError()).hasValueSatisfying(e -> assertThat(e)
                .contains("/tmp/jcadv-dk-missing.sock"));
    }
}
