package io.jcadvisor.container.engine;

import io.jcadvisor.container.PendingLimits;
import io.jcadvisor.container.docker.DockerFactory;
import io.jcadvisor.testing.Await;
import io.jcadvisor.testing.SettableClock;
import io.jcadvisor.config.EnabledMetrics;
import io.jcadvisor.config.MetricKind;
import io.jcadvisor.host.HostFs;
import io.jcadvisor.info.v1.ContainerSpec;
import io.jcadvisor.info.v1.ContainerReference;
import io.jcadvisor.info.v1.ContainerStats;
import io.jcadvisor.info.v1.FsStats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

import static io.jcadvisor.container.engine.EngineFactoryTest.ID;
import static org.assertj.core.api.Assertions.assertThat;

class DockerHandlerTest {

    @TempDir
    Path root;

    /** The inspect safety net while the event stream is open ({@code cadvisor.runtimes.docker.inspect-refresh}). */
    static final Duration SAFETY_NET = Duration.ofMinutes(7);

    final FakeDockerClient client = new FakeDockerClient();
    final SettableClock clock = new SettableClock(Instant.parse("2026-11-26T23:52:00Z"));
    DockerFactory factory;

    DockerHandler handler(DockerInspect inspect, Set<MetricKind> metrics) {
        client.containers.put(ID, inspect);
        factory = new DockerFactory(client, () -> FakeCgroupContainer::new,
                new EngineFactory.Settings(true, "unix:///var/run/docker.sock", "/var/lib/docker",
                        Duration.ofMinutes(1), List.of("JCADV", ""), PendingLimits.DEFAULTS, SAFETY_NET),
                new HostFs(root), new EnabledMetrics(metrics), clock, hint -> {
                });
        factory.ensureStarted();
        return (DockerHandler) factory.newHandler("/docker/" + ID);
    }

    DockerHandler handler(DockerInspect inspect) {
        return handler(inspect, EnumSet.allOf(MetricKind.class));
    }

    @AfterEach
    void close() {
        if (factory != null) {
            factory.close();
        }
    }

    @Test
    void referenceHasNameAliasIdAndDockerNamespace() {
        DockerHandler h = handler(FakeDockerClient.running(ID, "web"));

        assertThat(h.reference().name()).isEqualTo("/docker/" + ID);
        assertThat(h.reference().id()).isEqualTo(ID);
        assertThat(h.reference().aliases()).containsExactly("web", ID);
        assertThat(h.reference().namespace()).isEqualTo("docker");
    }

    @Test
    void aRenameReachesTheReferenceWithTheContainersNextInspect() throws Exception {
        DockerHandler h = handler(FakeDockerClient.running(ID, "web"));
        ContainerReference before = h.reference();
        assertThat(h.reference()).as("kept between inspects").isSameAs(before);

        client.containers.put(ID, FakeDockerClient.running(ID, "api"));
        client.emit(new DockerEvent("container", "rename", "rename", ID, new DockerEvent.Actor(ID)));
        await(() -> {
            try {
                h.stats();
            } catch (Exception e) {
                return false;
            }
            return h.reference().aliases().contains("api");
        });

        assertThat(h.reference().aliases()).containsExactly("api", ID);
        assertThat(h.reference().name()).isEqualTo("/docker/" + ID);
    }

    @Test
    void specIsTheCgroupSpecDecoratedWithDockerFields() throws Exception {
        ContainerSpec spec = handler(FakeDockerClient.running(ID, "web")).spec();

        assertThat(spec.image()).isEqualTo("jcadvisor/busybox:latest");
        assertThat(spec.labels()).containsExactly(Map.entry("team", "spec"));
        assertThat(spec.envs()).as("prefix JCADV, key lower-cased; empty prefix matches nothing")
                .containsExactly(Map.entry("jcadv_mode", "test"));
        assertThat(spec.creationTime()).isEqualTo(Instant.parse("2026-11-26T23:51:00.123456789Z"));
        assertThat(spec.startTime()).isEqualTo(Instant.parse("2026-11-26T23:51:01.5Z"));
        assertThat(spec.memory().limit()).isEqualTo(67108864);
        assertThat(spec.cpu().quota()).isEqualTo(50000);
        assertThat(spec.cpu().period()).isEqualTo(100000);
        assertThat(spec.hasNetwork()).isTrue();
        assertThat(spec.hasDiskio()).isTrue();
    }

    @Test
    void exitCodeIsTheStoppedContainersStateExitCodeElseEmpty() {
        DockerHandler h = handler(FakeDockerClient.running(ID, "web"));
        DockerInspect running = FakeDockerClient.running(ID, "web");
        DockerInspect exited = new DockerInspect(running.id(), running.name(), running.created(),
                new DockerInspect.State(false, 0, running.state().startedAt(), null, 3), 0, running.config(),
                running.hostConfig(), running.graphDriver(), running.networkSettings());

        DockerInspect restarted = new DockerInspect(running.id(), running.name(), running.created(),
                new DockerInspect.State(true, 0, "2030-01-01T00:00:00Z", null, 0), 0, running.config(),
                running.hostConfig(), running.graphDriver(), running.networkSettings());
        client.containers.put(ID, restarted);
        assertThat(h.exitCode()).as("running again since another start (a restart policy brought it back)").isEmpty();
        client.containers.put(ID, running);
        client.afterInspect = () -> client.containers.put(ID, exited);
        assertThat(h.exitCode()).as("still running since the same start: asked again until the exit is recorded")
                .hasValue(3);
        client.afterInspect = null;
        client.containers.put(ID, exited);
        assertThat(h.exitCode()).hasValue(3);
        assertThat(client.lastInspectTimeout)
                .as("the engine answers about a container it is stopping only once it recorded the exit")
                .isGreaterThan(EngineFactory.CLIENT_TIMEOUT);
        client.containers.remove(ID);
        assertThat(h.exitCode()).as("removed: 404").isEmpty();
        client.containers.put(ID, exited);
        client.inspectErrors.put(ID, new DockerException("GET /containers/x/json: no answer within 3000 ms",
                new java.util.concurrent.TimeoutException()));
        assertThat(h.exitCode()).as("a daemon slow about this container").isEmpty();
        int asked = client.inspectCalls.get();
        h.exitCode();
        assertThat(client.inspectCalls).as("slow about one container is not down: asked again").hasValue(asked + 1);
        assertThat(factory.status().reachable()).isTrue();

        client.reachable = false;
        assertThat(h.exitCode()).as("a daemon that answers nothing").isEmpty();
        io.jcadvisor.testing.Await.until(Duration.ofSeconds(5), () -> !factory.status().reachable());
        asked = client.inspectCalls.get();
        assertThat(h.exitCode()).as("a daemon its probe found unreachable is not asked again").isEmpty();
        assertThat(client.inspectCalls).hasValue(asked);
    }

    @Test
    void restartCountBecomesALabel() {
        DockerHandler h = handler(FakeDockerClient.container(ID, "web", true, "bridge", 3, null));

        assertThat(h.labels()).containsEntry("restartcount", "3").containsEntry("team", "spec");
    }

    @Test
    void sharedNetworkNamespaceSuppressesNetwork() throws Exception {
        DockerHandler h = handler(FakeDockerClient.container(ID, "web", true, "container:" + ID.replace('4', '5'), 0,
                null));

        assertThat(h.spec().hasNetwork()).isFalse();
        assertThat(h.mainPid()).isEqualTo(4242);
    }

    @Test
    void networkGroupOffMeansNoNetwork() throws Exception {
        EnumSet<MetricKind> metrics = EnumSet.allOf(MetricKind.class);
        metrics.remove(MetricKind.NETWORK);

        assertThat(handler(FakeDockerClient.running(ID, "web"), metrics).spec().hasNetwork()).isFalse();
    }

    @Test
    void withoutTheEventStreamInspectIsRefreshedAtMostEveryFewSeconds() throws Exception {
        DockerHandler h = handler(FakeDockerClient.container(ID, "web", true, "bridge", 0, "starting"));
        int beforeEnd = client.inspectCalls.get();
        client.dropStreams(new java.io.IOException("stream down"));
        // the stream's end asks for one inspect (what happens until it is open again is not reported)
        await(() -> {
            try {
                h.stats();
            } catch (Exception e) {
                return false;
            }
            return client.inspectCalls.get() == beforeEnd + 1;
        });
        int inspectsAtStart = client.inspectCalls.get();
        ContainerStats first = h.stats();
        assertThat(first.health().status()).isEqualTo("starting");
        assertThat(first.oomEvents()).as("cgroup values kept").isEqualTo(3);

        client.containers.put(ID, FakeDockerClient.container(ID, "web", true, "bridge", 0, "healthy"));
        h.stats();
        h.stats();
        assertThat(client.inspectCalls.get()).as("no inspect within the refresh period").isEqualTo(inspectsAtStart);

        clock.advance(DockerHandler.REFRESH.plusSeconds(1));
        h.stats();
        await(() -> "healthy".equals(h.inspect().state().health().status()));
        assertThat(h.stats().health().status()).isEqualTo("healthy");
        assertThat(client.inspectCalls.get()).isEqualTo(inspectsAtStart + 1);
    }

    @Test
    void whileFollowingEventsInspectIsRefreshedOnTheContainersEventsOnly() throws Exception {
        DockerHandler h = handler(FakeDockerClient.container(ID, "web", true, "bridge", 0, "starting"));
        int inspectsAtStart = client.inspectCalls.get();
        client.containers.put(ID, FakeDockerClient.container(ID, "web", true, "bridge", 0, "healthy"));

        clock.advance(DockerHandler.REFRESH.plusSeconds(1));
        h.stats();
        assertThat(client.inspectCalls.get()).as("the event stream announces changes").isEqualTo(inspectsAtStart);

        client.emit(new DockerEvent("container", "health_status: healthy", "health_status: healthy", ID,
                new DockerEvent.Actor(ID)));
        client.emit(new DockerEvent("container", "exec_start: sh", "exec_start: sh", ID.replace('4', '5'), null));
        awaitHealth(h, "healthy");
        assertThat(client.inspectCalls.get()).isEqualTo(inspectsAtStart + 1);

        // A missed event is caught by the slow safety-net refresh, and not before it is due.
        client.containers.put(ID, FakeDockerClient.container(ID, "web", true, "bridge", 0, "unhealthy"));
        clock.advance(SAFETY_NET.minusSeconds(1));
        h.stats();
        assertThat(client.inspectCalls.get()).as("within the configured safety net").isEqualTo(inspectsAtStart + 1);
        clock.advance(Duration.ofSeconds(2));
        h.stats();
        await(() -> "unhealthy".equals(h.inspect().state().health().status()));
        assertThat(client.inspectCalls.get()).isEqualTo(inspectsAtStart + 2);
    }

    @Test
    void aGapInTheEventStreamInspectsEveryContainerAgainWhenItEndsAndWhenItReopens() throws Exception {
        DockerHandler h = handler(FakeDockerClient.container(ID, "web", true, "bridge", 0, "starting"));
        int inspectsAtStart = client.inspectCalls.get();
        int opened = client.eventsOpened.get();
        h.stats();
        assertThat(client.inspectCalls.get()).as("following events: no refresh").isEqualTo(inspectsAtStart);

        // The daemon restarts: the stream ends, and a change happens before it is open again.
        client.containers.put(ID, FakeDockerClient.container(ID, "web", true, "bridge", 0, "unhealthy"));
        client.dropStreams(new java.io.IOException("daemon restarted"));
        awaitHealth(h, "unhealthy");
        int afterEnd = client.inspectCalls.get();
        assertThat(afterEnd).isEqualTo(inspectsAtStart + 1);

        // Changed again while the stream was still down (no event): caught once it is open again.
        client.containers.put(ID, FakeDockerClient.container(ID, "web", true, "bridge", 0, "healthy"));
        await(() -> client.eventsOpened.get() > opened);
        awaitHealth(h, "healthy");
        assertThat(client.inspectCalls.get()).isEqualTo(afterEnd + 1);
        h.stats();
        assertThat(client.inspectCalls.get()).as("open again: back to events only").isEqualTo(afterEnd + 1);
    }

    @Test
    void filesystemEntryComesFromTheBackgroundWalk() throws Exception {
        Path docker = root.resolve("var/lib/docker");
        Files.createDirectories(docker.resolve("image/overlay2/layerdb/mounts/" + ID));
        Files.writeString(docker.resolve("image/overlay2/layerdb/mounts/" + ID + "/mount-id"), "m0unt1d\n");
        Path diff = Files.createDirectories(docker.resolve("overlay2/m0unt1d/diff/etc"));
        Files.write(diff.resolve("one"), new byte[10]);
        Path dir = Files.createDirectories(docker.resolve("containers/" + ID));
        Files.write(dir.resolve(ID + "-json.log"), new byte[5000]);

        DockerHandler h = handler(FakeDockerClient.running(ID, "web"));
        assertThat(h.spec().hasFilesystem()).isTrue();
        await(() -> stats(h).filesystem() != null);

        FsStats fs = stats(h).filesystem().get(0);
        long block = Files.getFileStore(diff).getBlockSize();
        assertThat(fs.type()).isEqualTo("vfs");
        assertThat(fs.device()).isEqualTo(Files.getFileStore(root).name());
        assertThat(fs.capacity()).isEqualTo(Files.getFileStore(root).getTotalSpace());
        assertThat(fs.inodes()).as("diff, etc, one").isEqualTo(3);
        assertThat(fs.baseUsage()).as("two directories and one small file").isEqualTo(3 * block);
        assertThat(fs.usage()).isGreaterThanOrEqualTo(fs.baseUsage() + block + 5000);
        assertThat(fs.hasInodes()).isFalse();
        assertThat(fs.readsCompleted()).as("diskstats are the root container's only, as upstream").isZero();
        assertThat(fs.weightedIoTime()).isZero();
    }

    @Test
    void diskGroupOffMeansNoFilesystem() throws Exception {
        EnumSet<MetricKind> metrics = EnumSet.allOf(MetricKind.class);
        metrics.remove(MetricKind.DISK);
        DockerHandler h = handler(FakeDockerClient.running(ID, "web"), metrics);

        assertThat(h.spec().hasFilesystem()).isFalse();
        assertThat(h.stats().filesystem()).isNull();
    }

    @Test
    void envWhitelistAndTimesAreRobust() {
        DockerInspect noConfig = new DockerInspect(ID, null, "garbage", null, 0, null, null, null, null);

        assertThat(DockerHandler.envs(noConfig, List.of("A"))).isEmpty();
        assertThat(DockerHandler.labels(noConfig)).isEmpty();
        assertThat(DockerHandler.parseTime("garbage")).isEmpty();
        assertThat(DockerHandler.parseTime("2026-11-26T23:51:00.1+01:00")).contains(Instant.parse("2026-11-26T22:51:00.1Z"));
        assertThat(DockerHandler.shortName(noConfig)).isEmpty();
    }

    private static ContainerStats stats(DockerHandler h) {
        try {
            return h.stats();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        Await.until(Duration.ofSeconds(5), condition);
    }

    /** Samples {@code h} until its inspect says {@code status} (a sample that fails counts as not yet). */
    private static void awaitHealth(DockerHandler h, String status) throws InterruptedException {
        await(() -> {
            try {
                h.stats();
            } catch (Exception e) {
                return false;
            }
            return status.equals(h.inspect().state().health().status());
        });
    }
}
