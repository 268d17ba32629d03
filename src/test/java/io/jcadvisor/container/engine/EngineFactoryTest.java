package io.jcadvisor.container.engine;

import io.jcadvisor.container.docker.DockerFactory;
import io.jcadvisor.container.Acceptance;
import io.jcadvisor.container.DiscoveryHint;
import io.jcadvisor.container.PendingLimits;
import io.jcadvisor.config.EnabledMetrics;
import io.jcadvisor.config.MetricKind;
import io.jcadvisor.host.HostFs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EngineFactoryTest {

    static final String ID = "4f2b3c1d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b";

    @TempDir
    Path root;

    final FakeDockerClient client = new FakeDockerClient();
    final List<DiscoveryHint> hints = new CopyOnWriteArrayList<>();
    DockerFactory factory;

    DockerFactory factory(boolean enabled) {
        return factory(enabled, Clock.systemUTC());
    }

    DockerFactory factory(boolean enabled, Clock clock) {
        factory = new DockerFactory(client, () -> FakeCgroupContainer::new,
                new EngineFactory.Settings(enabled, "unix:///var/run/docker.sock", "/var/lib/docker",
                        Duration.ofMinutes(1), List.of("JCADV")),
                new HostFs(root), new EnabledMetrics(EnumSet.allOf(MetricKind.class)), clock, hints::add);
        return factory;
    }

    @AfterEach
    void close() {
        if (factory != null) {
            factory.close();
        }
    }

    @ParameterizedTest(name = "inspect-refresh {0} is refused")
    @CsvSource({"PT0S", "-PT1M"})
    void anInspectRefreshThatIsNotPositiveIsRefusedNamingTheKey(Duration refresh) {
        assertThatThrownBy(() -> new EngineFactory.Settings(true, "unix:///var/run/docker.sock", "/var/lib/docker",
                Duration.ofMinutes(1), List.of(), PendingLimits.DEFAULTS, refresh))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cadvisor.runtimes.docker.inspect-refresh");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "/docker/" + ID + ", ACCEPT, 1",
            "/system.slice/docker-" + ID + ".scope, ACCEPT, 1",
            "/system.slice/var-lib-docker-overlay2-" + ID + "-merged.mount, NOT_MINE, 0",
            "/user.slice, NOT_MINE, 0",
            "/docker/" + ID + "/child, NOT_MINE, 0",
            "/docker/4F2B3C1D5E6F7A8B9C0D1E2F3A4B5C6D7E8F9A0B1C2D3E4F5A6B7C8D9E0F1A2B, NOT_MINE, 0",
            "/docker/abc123, NOT_MINE, 0",
    })
    void acceptanceTable(String name, Acceptance expected, int inspects) {
        client.containers.put(ID, FakeDockerClient.running(ID, "web"));
        DockerFactory f = factory(true);
        f.ensureStarted();

        assertThat(f.canHandleAndAccept(name)).isEqualTo(expected);
        assertThat(client.inspectCalls.get()).as("inspect calls").isEqualTo(inspects);
    }

    @Test
    void theFirstContactStartedInTheBackgroundDoesNotHoldTheStartButTheFirstQuestionWaitsForIt()
            throws Exception {
        client.containers.put(ID, FakeDockerClient.running(ID, "web"));
        DockerFactory f = factory(true);
        java.util.concurrent.CountDownLatch daemonStarting = new java.util.concurrent.CountDownLatch(1);
        client.holdVersion = daemonStarting;

        long start = System.nanoTime();
        f.startInBackground();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("returns while the daemon has not answered")
                .isLessThan(Duration.ofMillis(500));
        assertThat(f.status().reachable()).isFalse();

        java.util.concurrent.CompletableFuture<Acceptance> answer = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> f.canHandleAndAccept("/docker/" + ID));
        Thread.sleep(200);
        assertThat(answer).as("the first question waits for the first contact, not NOT_MINE").isNotDone();
        daemonStarting.countDown();
        assertThat(answer.get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(Acceptance.ACCEPT);
        assertThat(f.status().reachable()).isTrue();
    }

    @Test
    void aSlowInspectIsPendingNotAnOutageAndItsAnswerComesBackAsAHint() {
        client.containers.put(ID, FakeDockerClient.running(ID, "web"));
        DockerFactory f = factory(true);
        f.ensureStarted();
        client.holdInspect = new java.util.concurrent.CountDownLatch(1);

        assertThat(f.canHandleAndAccept("/docker/" + ID)).isEqualTo(Acceptance.PENDING);
        assertThat(f.canHandleAndAccept("/docker/" + ID)).as("asked again: still waiting").isEqualTo(Acceptance.PENDING);
        assertThat(f.status().reachable()).as("slow about one container is not down").isTrue();
        assertThat(hints).isEmpty();

        client.holdInspect.countDown();
        io.jcadvisor.testing.Await.until(Duration.ofSeconds(5),
                () -> hints.contains(new DiscoveryHint("docker", ID, true)));
        assertThat(f.canHandleAndAccept("/docker/" + ID)).isEqualTo(Acceptance.ACCEPT);
        assertThat(client.inspectCalls).as("one inspect, answered late").hasValue(1);
        assertThat(f.status().reachable()).isTrue();
    }

    @Test
    void anInspectWithoutAnswerFromADaemonThatIsGoneIsNotMineAndMarksItDown() {
        client.containers.put(ID, FakeDockerClient.running(ID, "web"));
        DockerFactory f = factory(true);
        f.ensureStarted();
        client.reachable = false;

        assertThat(f.canHandleAndAccept("/docker/" + ID)).isEqualTo(Acceptance.NOT_MINE);
        assertThat(f.status().reachable()).isFalse();
    }

    @Test
    void nameCheckRunsBeforeAnyDaemonCall() {
        DockerFactory f = factory(true);

        assertThat(f.canHandleAndAccept("/user.slice")).isEqualTo(Acceptance.NOT_MINE);
        assertThat(f.canHandleAndAccept("/system.slice/docker-" + ID + ".mount")).isEqualTo(Acceptance.NOT_MINE);
        assertThat(client.calls.get()).as("no daemon call for names without an id").isZero();
    }

    @Test
    void stoppedOrUnknownContainerFallsThroughToRaw() {
        client.containers.put(ID, FakeDockerClient.container(ID, "web", false, "bridge", 0, null));
        DockerFactory f = factory(true);

        assertThat(f.canHandleAndAccept("/docker/" + ID)).isEqualTo(Acceptance.NOT_MINE);
        String other = ID.replace('4', '5');
        assertThat(f.canHandleAndAccept("/docker/" + other)).isEqualTo(Acceptance.NOT_MINE);
    }

    @Test
    void unreachableDaemonAnswersNotMineWithoutAskingAgainAndReportsTheError() {
        client.reachable = false;
        client.containers.put(ID, FakeDockerClient.running(ID, "web"));
        DockerFactory f = factory(true);

        assertThat(f.canHandleAndAccept("/docker/" + ID)).isEqualTo(Acceptance.NOT_MINE);
        int callsAfterProbe = client.calls.get();
        assertThat(f.canHandleAndAccept("/docker/" + ID)).isEqualTo(Acceptance.NOT_MINE);

        assertThat(client.calls.get()).as("no call while known unreachable").isEqualTo(callsAfterProbe);
        assertThat(f.status().reachable()).isFalse();
        assertThat(f.status().lastError()).contains("connect: no such file or directory");
    }

    @Test
    void reconnectsInTheBackgroundAndThenAccepts() throws Exception {
        client.reachable = false;
        client.containers.put(ID, FakeDockerClient.running(ID, "web"));
        DockerFactory f = factory(true);
        f.ensureStarted();
        client.reachable = true;

        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!f.status().reachable() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(f.status().reachable()).isTrue();
        assertThat(f.status().storageDriver()).contains("overlay2");
        assertThat(f.canHandleAndAccept("/docker/" + ID)).isEqualTo(Acceptance.ACCEPT);
    }

    @Test
    void disabledRuntimeNeverCallsTheDaemon() {
        client.containers.put(ID, FakeDockerClient.running(ID, "web"));
        DockerFactory f = factory(false);

        assertThat(f.canHandleAndAccept("/docker/" + ID)).isEqualTo(Acceptance.NOT_MINE);
        assertThat(client.calls.get()).isZero();
        assertThat(f.status().enabled()).isFalse();
    }

    @Test
    void containerEventsBecomeDiscoveryHints() throws Exception {
        DockerFactory f = factory(true);
        f.ensureStarted();

        client.emit(new DockerEvent("container", "start", "start", ID, new DockerEvent.Actor(ID)));
        client.emit(new DockerEvent("container", "exec_start: sh", "exec_start: sh", ID, null));
        client.emit(new DockerEvent("container", null, "die", null, new DockerEvent.Actor(ID)));
        client.emit(new DockerEvent("container", "destroy", null, ID, null));

        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (hints.size() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(hints).containsExactly(new DiscoveryHint("docker", ID, true), new DiscoveryHint("docker", ID, false),
                new DiscoveryHint("docker", ID, false));
    }

    @Test
    void droppedEventStreamIsReopenedAfterABackoff() throws Exception {
        DockerFactory f = factory(true);
        f.ensureStarted();
        assertThat(client.eventsOpened.get()).isEqualTo(1);

        long dropped = System.nanoTime();
        client.dropStreams(new java.io.IOException("connection reset"));
        DockerHandlerTest.await(() -> client.eventsOpened.get() == 2);
        assertThat(Duration.ofNanos(System.nanoTime() - dropped)).isGreaterThanOrEqualTo(DockerEventWatcher.MIN_RECONNECT);

        client.emit(new DockerEvent("container", "start", "start", ID, null));
        DockerHandlerTest.await(() -> hints.contains(new DiscoveryHint("docker", ID, true)));
    }

    @Test
    void eventStreamEndingWithTheDaemonGoneMarksItUnreachable() throws Exception {
        DockerFactory f = factory(true);
        f.ensureStarted();
        assertThat(f.status().reachable()).isTrue();

        // dockerd stopped: its containers' cgroups vanish without any call to it, only the stream tells.
        client.reachable = false;
        client.dropStreams(null);

        DockerHandlerTest.await(() -> !f.status().reachable());
        assertThat(f.status().lastError()).contains("connect: no such file or directory");
    }

    @Test
    void newContainerCgroupWhileUnreachableAsksTheDaemonAgainAtMostEvery200Ms() {
        io.jcadvisor.testing.SettableClock clock = new io.jcadvisor.testing.SettableClock(java.time.Instant.parse("2026-11-27T00:00:00Z"));
        client.reachable = false;
        client.containers.put(ID, FakeDockerClient.running(ID, "web"));
        DockerFactory f = factory(true, clock);
        f.ensureStarted();
        // dockerd restarted: the next container's cgroup must not land in raw for its lifetime.
        client.reachable = true;

        int calls = client.calls.get();
        assertThat(f.canHandleAndAccept("/docker/" + ID)).isEqualTo(Acceptance.NOT_MINE);
        assertThat(client.calls.get()).as("no call within 200 ms of the failed probe").isEqualTo(calls);

        clock.advance(DockerConnection.PROBE_SPACING);
        assertThat(f.canHandleAndAccept("/docker/" + ID)).isEqualTo(Acceptance.ACCEPT);
        assertThat(f.status().reachable()).isTrue();
    }
}
