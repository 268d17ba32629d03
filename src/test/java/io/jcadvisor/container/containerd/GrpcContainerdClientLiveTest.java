package io.jcadvisor.container.containerd;

import io.jcadvisor.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The gRPC-over-unix-socket client against the system containerd that {@code bin/provision} starts
 * (Debian 12's 1.6); {@link GrpcContainerdClientOn21LiveTest} runs the same tests against containerd 2.1.
 */
class GrpcContainerdClientLiveTest extends CtrLiveTest {

    Vertx vertx;
    GrpcContainerdClient client;
    /** After {@link CtrLiveTest#containerdRuns()}. */
    @BeforeAll
    void connect() {
        vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        client = new GrpcContainerdClient(vertx, daemon().socket, CtrCli.NAMESPACE, Duration.ofSeconds(3));
    }

    @AfterAll
    void close() {
        client.close();
        vertx.close();
    }

    @Test
    void containerAndTaskOfARunningContainer() throws Exception {
        String id = ctr.runDetached(CtrCli.uniqueId(), List.of("--label", "team=spec", "--env", "FOO_BAR=baz"),
                "sleep", "300");
        ContainerdContainer c = client.container(id).orElseThrow();
        assertThat(c.id()).isEqualTo(id);
        assertThat(c.labels()).containsEntry("team", "spec");
        assertThat(c.image()).isEqualTo(CtrCli.IMAGE);
        assertThat(c.env()).contains("FOO_BAR=baz");
        assertThat(c.cgroupsPath()).isEqualTo("/" + CtrCli.NAMESPACE + "/" + id);
        assertThat(c.createdAt()).hasValueSatisfying(t ->
                assertThat(t).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(1)));
        assertThat(c.sandbox()).isFalse();

        ContainerdTask task = client.task(id).orElseThrow();
        assertThat(task.status()).isEqualTo(ContainerdTask.Status.RUNNING);
        assertThat(ctr.ctr("-n", CtrCli.NAMESPACE, "task", "ls"))
                .containsPattern(id + "\\s+" + task.pid() + "\\s+RUNNING");
    }

    @Test
    void eventStreamReportsTheTaskStartWithItsPidAndTheRemoval() throws Exception {
        List<ContainerdEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Throwable> ends = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (AutoCloseable stream = client.events(events::add, ends::add)) {
            // The subscription is open once the daemon has it; a container made before might be missed.
            Thread.sleep(300);
            String id = ctr.runDetached(CtrCli.uniqueId(), List.of(), "sleep", "300");
            int pid = client.task(id).orElseThrow().pid();
            Await.until(Duration.ofSeconds(5), () -> events.contains(
                    new ContainerdEvent(CtrCli.NAMESPACE, ContainerdEvent.TASK_START, id, pid)));
            ctr.remove(id);
            Await.until(Duration.ofSeconds(5), () -> events.stream()
                    .anyMatch(e -> e.topic().equals("/containers/delete") && e.containerId().equals(id)));
            System.out.println("events: " + events.stream().map(ContainerdEvent::topic).toList());
            assertThat(events).allSatisfy(e -> assertThat(e.namespace()).isEqualTo(CtrCli.NAMESPACE));
            assertThat(ends).isEmpty();
        }
    }

    @Test
    void unknownContainerIsEmptyNotAnError() throws Exception {
        assertThat(client.container(CtrCli.uniqueId())).isEmpty();
        assertThat(client.task(CtrCli.uniqueId())).isEmpty();
    }

    @Test
    void anotherNamespaceDoesNotSeeTheContainer() throws Exception {
        String id = ctr.runDetached(CtrCli.uniqueId(), List.of(), "sleep", "300");
        try (GrpcContainerdClient other = new GrpcContainerdClient(vertx, daemon().socket, "jcadv-other",
                Duration.ofSeconds(3))) {
            assertThat(other.container(id)).isEmpty();
        }
        assertThat(client.container(id)).isPresent();
    }

    @Test
    void absentSocketIsUnavailable() {
        try (GrpcContainerdClient none = new GrpcContainerdClient(vertx, "/run/jcadv-no-such.sock", "x",
                Duration.ofSeconds(1))) {
            assertThatThrownBy(none::version).isInstanceOfSatisfying(ContainerdException.class,
                    e -> assertThat(e.unavailable()).isTrue()).hasMessageContaining("no such socket");
        }
    }

    @Test
    void versionMatchesCtr() throws Exception {
        ContainerdVersion v = client.version();
        System.out.println("containerd version " + v);
        assertThat(v.version()).startsWith(daemon().release + ".");
        assertThat(ctr.serverVersion()).isEqualTo(v.version());
    }
}
