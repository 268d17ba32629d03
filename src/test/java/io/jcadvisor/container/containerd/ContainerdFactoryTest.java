package io.jcadvisor.container.containerd;

import io.jcadvisor.cgroup.CgroupContainer;
import io.jcadvisor.cgroup.ContainerGoneException;
import io.jcadvisor.container.Acceptance;
import io.jcadvisor.container.ContainerHandler;
import io.jcadvisor.container.DiscoveryHint;
import io.jcadvisor.config.EnabledMetrics;
import io.jcadvisor.config.MetricKind;
import io.jcadvisor.container.ProcessView;
import io.jcadvisor.info.v1.ContainerSpec;
import io.jcadvisor.info.v1.ContainerStats;
import io.jcadvisor.info.v1.CpuSpec;
import io.jcadvisor.info.v1.Health;
import io.jcadvisor.info.v1.MemorySpec;
import io.jcadvisor.info.v1.ProcessSpec;
import io.jcadvisor.testing.Await;
import io.jcadvisor.testing.SettableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** Acceptance, handler contents and the pid retries, with a scripted client (the daemon side has its live tests). */
class ContainerdFactoryTest {

    static final String ID = ContainerdNamesTest.ID;
    static final Instant CGROUP_CREATED = Instant.parse("2026-11-26T23:50:59Z");
    static final Instant CREATED = Instant.parse("2026-11-26T23:50:58.5Z");

    final SettableClock clock = new SettableClock(CREATED);
    final ScriptedClient client = new ScriptedClient();
    final List<String> opened = new CopyOnWriteArrayList<>();
    final List<DiscoveryHint> hints = new CopyOnWriteArrayList<>();
    ContainerdFactory factory = newFactory(List.of("FOO"));

    ContainerdFactory newFactory(List<String> whitelist) {
        return new ContainerdFactory(client, () -> name -> {
            opened.add(name);
            return new FixedCgroup(name);
        }, new ContainerdFactory.Settings(true, "/run/containerd/containerd.sock", "k8s.io", whitelist),
                new EnabledMetrics(EnumSet.allOf(MetricKind.class)), ProcessView::none, hints::add, clock);
    }

    @AfterEach
    void close() {
        factory.close();
    }

    static ContainerdContainer container(String id, Map<String, String> labels) {
        return new ContainerdContainer(id, labels, "registry.k8s.io/pause:3.6", Optional.of(CREATED),
                List.of("PATH=/bin", "FOO_BAR=baz", "foo_lower=1", "BAR=2"), "/k8s.io/" + id);
    }

    @Test
    void acceptsAContainerOfTheNamespaceWhateverItsTaskState() {
        client.containers.put(ID, container(ID, Map.of("team", "spec")));
        assertThat(factory.canHandleAndAccept("/k8s.io/" + ID)).isEqualTo(Acceptance.ACCEPT);
        assertThat(factory.canHandleAndAccept("/kubepods/burstable/pod1/" + ID)).isEqualTo(Acceptance.ACCEPT);
        assertThat(client.calls).contains("version", "container " + ID);
    }

    @Test
    void unknownIdsAndNamesWithoutAnIdAreNotMine() {
        assertThat(factory.canHandleAndAccept("/k8s.io/" + ID)).isEqualTo(Acceptance.NOT_MINE);
        client.calls.clear();
        assertThat(factory.canHandleAndAccept("/")).isEqualTo(Acceptance.NOT_MINE);
        assertThat(factory.canHandleAndAccept("/system.slice/cron.service")).isEqualTo(Acceptance.NOT_MINE);
        assertThat(client.calls).as("no daemon call for names without an id").isEmpty();
    }

    @Test
    void absentDaemonIsAskedOnceThenLeftAloneAndEverythingFallsThrough() {
        client.down = true;
        factory.ensureStarted();
        client.containers.put(ID, container(ID, Map.of()));
        for (int i = 0; i < 10; i++) {
            assertThat(factory.canHandleAndAccept("/k8s.io/" + ID)).isEqualTo(Acceptance.NOT_MINE);
        }
        assertThat(client.calls).containsExactly("version");
        ContainerdStatus status = factory.status();
        assertThat(status.reachable()).isFalse();
        assertThat(status.lastError()).hasValueSatisfying(e -> assertThat(e).contains("no such socket"));
        assertThat(new ContainerdReport(factory).check().render())
                .startsWith("containerd version: [Unknown]\n")
                .contains("no such socket");
    }

    @Test
    void reportNamesTheVersionAndItsRevision() {
        factory.ensureStarted();
        assertThat(new ContainerdReport(factory).check().render())
                .startsWith("containerd version: [Supported and recommended]\n")
                .contains("containerd version is 1.6.20 (revision rev).");
    }

    @Test
    void reportLeavesOutARevisionTheDaemonDoesNotGive() {
        // Debian's containerd 2.1 answers Version with an empty revision.
        client.version = new ContainerdVersion("2.1.9+unknown", "");
        factory.ensureStarted();
        assertThat(new ContainerdReport(factory).check().render())
                .contains("containerd version is 2.1.9+unknown.").doesNotContain("revision");
    }

    @Test
    void aSlowGetIsPendingNotAnOutageAndItsAnswerComesBackAsAHint() {
        client.containers.put(ID, container(ID, Map.of("team", "spec")));
        factory.ensureStarted();
        client.hold = new java.util.concurrent.CountDownLatch(1);
        String name = "/k8s.io/" + ID;

        assertThat(factory.canHandleAndAccept(name)).isEqualTo(Acceptance.PENDING);
        assertThat(factory.canHandleAndAccept(name)).as("asked again: still waiting, no second call")
                .isEqualTo(Acceptance.PENDING);
        assertThat(factory.status().reachable()).as("slow about one container is not down").isTrue();
        assertThat(hints).isEmpty();

        client.hold.countDown();
        Await.until(Duration.ofSeconds(5), () -> hints.contains(new DiscoveryHint("containerd", ID, true)));
        assertThat(factory.canHandleAndAccept(name)).isEqualTo(Acceptance.ACCEPT);
        assertThat(client.calls).filteredOn(c -> c.startsWith("container ")).hasSize(1);
    }

    @Test
    void aGetWithoutAnswerFromADaemonThatIsGoneIsNotMineAndMarksItDown() {
        client.containers.put(ID, container(ID, Map.of()));
        factory.ensureStarted();
        client.down = true;

        assertThat(factory.canHandleAndAccept("/k8s.io/" + ID)).isEqualTo(Acceptance.NOT_MINE);
        assertThat(factory.status().reachable()).isFalse();
    }

    @Test
    void disabledNeverCallsTheDaemon() {
        factory.close();
        factory = new ContainerdFactory(client, () -> FixedCgroup::new,
                new ContainerdFactory.Settings(false, "/x.sock", "k8s.io", List.of()),
                new EnabledMetrics(EnumSet.allOf(MetricKind.class)), ProcessView::none, hints::add, clock);
        client.containers.put(ID, container(ID, Map.of()));
        factory.ensureStarted();
        assertThat(factory.canHandleAndAccept("/k8s.io/" + ID)).isEqualTo(Acceptance.NOT_MINE);
        assertThat(client.calls).isEmpty();
        assertThat(new ContainerdReport(factory).check().render()).startsWith("containerd version: [Unsupported]\n");
    }

    @Test
    void handlerCarriesIdAliasesImageLabelsEnvsAndTimes() throws Exception {
        client.containers.put(ID, container(ID, Map.of("team", "spec")));
        client.tasks.put(ID, new ContainerdTask(4242, ContainerdTask.Status.RUNNING));
        String name = "/k8s.io/" + ID;
        assertThat(factory.canHandleAndAccept(name)).isEqualTo(Acceptance.ACCEPT);
        try (ContainerHandler h = factory.newHandler(name)) {
            assertThat(h.reference().id()).isEqualTo(ID);
            assertThat(h.reference().name()).isEqualTo(name);
            assertThat(h.reference().aliases()).containsExactly(ID, name);
            assertThat(h.reference().namespace()).isEqualTo("containerd");
            ContainerSpec spec = h.spec();
            assertThat(spec.image()).isEqualTo("registry.k8s.io/pause:3.6");
            assertThat(spec.labels()).containsExactly(Map.entry("team", "spec"));
            assertThat(spec.envs()).as("prefix FOO, case kept").containsExactly(Map.entry("FOO_BAR", "baz"));
            assertThat(spec.creationTime()).isEqualTo(CREATED);
            assertThat(spec.startTime()).isEqualTo(CGROUP_CREATED);
            assertThat(spec.memory().limit()).isEqualTo(67108864L);
            assertThat(spec.hasNetwork()).as("not a sandbox: shares its pod's network").isFalse();
            assertThat(spec.hasFilesystem()).isFalse();
            assertThat(h.labels()).containsEntry("team", "spec");
            assertThat(((ContainerdHandler) h).mainPid()).isEqualTo(4242);
        }
        assertThat(client.calls.stream().filter(c -> c.startsWith("container ")).count())
                .as("acceptance answer reused by newHandler").isEqualTo(1);
    }

    @Test
    void sandboxHasNetwork() throws Exception {
        client.containers.put(ID, container(ID, Map.of(ContainerdContainer.CRI_KIND_LABEL, "sandbox")));
        try (ContainerHandler h = factory.newHandler("/k8s.io/" + ID)) {
            assertThat(h.spec().hasNetwork()).isTrue();
        }
    }

    @Test
    void pidIsAskedAgainWhileTheTaskIsNotThereYet() throws Exception {
        client.containers.put(ID, container(ID, Map.of()));
        client.taskAfterCalls = 3;
        client.tasks.put(ID, new ContainerdTask(777, ContainerdTask.Status.RUNNING));
        ContainerdHandler h = (ContainerdHandler) factory.newHandler("/k8s.io/" + ID);
        assertThat(h.mainPid()).isZero();
        Await.until(Duration.ofSeconds(3), () -> h.mainPid() == 777);
        assertThat(client.taskCalls.get()).isEqualTo(3);
        h.close();
    }

    @Test
    void pidLookupGivesUpAfterFiveAttempts() throws Exception {
        client.containers.put(ID, container(ID, Map.of()));
        ContainerdHandler h = (ContainerdHandler) factory.newHandler("/k8s.io/" + ID);
        // 100 + 200 + 400 + 800 ms of retries.
        Thread.sleep(2000);
        assertThat(client.taskCalls.get()).isEqualTo(ContainerdFactory.PID_ATTEMPTS);
        assertThat(h.mainPid()).isZero();
        h.close();
    }

    @Test
    void eventsBecomeHintsAndATaskStartUpdatesThePid() throws Exception {
        client.containers.put(ID, container(ID, Map.of()));
        client.tasks.put(ID, new ContainerdTask(100, ContainerdTask.Status.RUNNING));
        ContainerdHandler h = (ContainerdHandler) factory.newHandler("/k8s.io/" + ID);
        factory.ensureStarted();
        assertThat(client.subscriptions.get()).isEqualTo(1);

        client.emit(new ContainerdEvent("k8s.io", "/tasks/exit", ID, 0));
        client.emit(new ContainerdEvent("k8s.io", "/tasks/delete", ID, 0));
        client.emit(new ContainerdEvent("k8s.io", "/containers/create", ID, 0));
        client.emit(new ContainerdEvent("k8s.io", "/tasks/start", ID, 200));
        assertThat(hints).containsExactly(new DiscoveryHint("containerd", ID, false),
                new DiscoveryHint("containerd", ID, true));
        assertThat(h.mainPid()).isEqualTo(200);
        h.close();
    }

    @Test
    void anInitExitSeenOnTheStreamIsTheHandlersExitCodeUntilTheTaskStartsAgain() throws Exception {
        client.containers.put(ID, container(ID, Map.of()));
        client.tasks.put(ID, new ContainerdTask(100, ContainerdTask.Status.RUNNING));
        ContainerdHandler h = (ContainerdHandler) factory.newHandler("/k8s.io/" + ID);
        factory.ensureStarted();
        assertThat(h.exitCode()).isEmpty();

        client.emit(new ContainerdEvent("k8s.io", "/tasks/exit", "other", 0, OptionalInt.of(9)));
        assertThat(h.exitCode()).as("another container's exit").isEmpty();
        client.emit(new ContainerdEvent("k8s.io", "/tasks/exit", ID, 0, OptionalInt.of(3)));
        assertThat(h.exitCode()).hasValue(3);
        assertThat(hints).as("an exit is no discovery hint").isEmpty();
        client.emit(new ContainerdEvent("k8s.io", "/tasks/start", ID, 200));
        assertThat(h.exitCode()).isEmpty();
        h.close();
    }

    @Test
    void anEndedEventStreamIsReopenedWhileTheDaemonAnswers() throws Exception {
        factory.ensureStarted();
        assertThat(client.subscriptions.get()).isEqualTo(1);
        client.endStream(new ContainerdException(ContainerdException.UNAVAILABLE, "connection reset"));
        Await.until(Duration.ofSeconds(3), () -> client.subscriptions.get() == 2);
        assertThat(factory.following()).isTrue();
    }

    @Test
    void anAbsentDaemonIsAskedAgainWithBackoffOnTheClock() {
        client.down = true;
        factory.ensureStarted();
        String name = "/k8s.io/" + ID;
        client.containers.put(ID, container(ID, Map.of()));
        assertThat(factory.canHandleAndAccept(name)).isEqualTo(Acceptance.NOT_MINE);
        assertThat(client.calls).containsExactly("version");

        clock.advance(ContainerdFactory.MIN_RETRY);
        assertThat(factory.canHandleAndAccept(name)).isEqualTo(Acceptance.NOT_MINE);
        assertThat(client.calls).as("asked again after 1 s").containsExactly("version", "version");

        clock.advance(ContainerdFactory.MIN_RETRY);
        factory.canHandleAndAccept(name);
        assertThat(client.calls).as("the delay doubled to 2 s").hasSize(2);
        clock.advance(ContainerdFactory.MIN_RETRY);
        client.down = false;
        assertThat(factory.canHandleAndAccept(name)).isEqualTo(Acceptance.ACCEPT);
        assertThat(factory.status().reachable()).isTrue();
    }

    @Test
    void noEventStreamWithoutDaemon() {
        client.down = true;
        factory.ensureStarted();
        assertThat(client.subscriptions.get()).isZero();
        assertThat(factory.following()).isFalse();
    }

    @Test
    void envsKeepTheKeyCaseAndSkipEmptyPrefixes() {
        List<String> env = List.of("FOO=1", "FOO_EXTRA=2", "Foo=3", "NOEQUALS", "=x", "BAR=");
        assertThat(ContainerdHandler.envs(env, List.of("FOO", "", "BAR")))
                .containsExactly(Map.entry("FOO", "1"), Map.entry("FOO_EXTRA", "2"), Map.entry("BAR", ""));
        assertThat(ContainerdHandler.envs(env, List.of())).isEmpty();
    }

    /** A containerd that answers from maps; {@code down} makes every call fail like an absent socket. */
    static final class ScriptedClient implements ContainerdClient {
        final Map<String, ContainerdContainer> containers = new ConcurrentHashMap<>();
        final Map<String, ContainerdTask> tasks = new ConcurrentHashMap<>();
        final List<String> calls = new CopyOnWriteArrayList<>();
        final AtomicInteger taskCalls = new AtomicInteger();
        volatile int taskAfterCalls;
        volatile boolean down;
        volatile ContainerdVersion version = new ContainerdVersion("1.6.20", "rev");

        private void check() throws ContainerdException {
            if (down) {
                throw new ContainerdException(ContainerdException.UNAVAILABLE,
                        "Version at /run/containerd/containerd.sock: no such socket (is containerd running?)");
            }
        }

        @Override
        public ContainerdVersion version() throws ContainerdException {
            calls.add("version");
            check();
            return version;
        }

        /** While set, {@code Containers/Get} waits for it: a daemon slow about a container. */
        volatile java.util.concurrent.CountDownLatch hold;

        @Override
        public Optional<ContainerdContainer> container(String id) throws ContainerdException {
            calls.add("container " + id);
            java.util.concurrent.CountDownLatch h = hold;
            if (h != null) {
                try {
                    h.await(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            check();
            return Optional.ofNullable(containers.get(id));
        }

        @Override
        public Optional<ContainerdTask> task(String containerId) throws ContainerdException {
            calls.add("task " + containerId);
            check();
            if (taskCalls.incrementAndGet() < taskAfterCalls) {
                return Optional.empty();
            }
            return Optional.ofNullable(tasks.get(containerId));
        }

        final AtomicInteger subscriptions = new AtomicInteger();
        volatile Consumer<ContainerdEvent> onEvent;
        volatile Consumer<Throwable> onEnd;

        @Override
        public AutoCloseable events(Consumer<ContainerdEvent> onEvent, Consumer<Throwable> onEnd) {
            subscriptions.incrementAndGet();
            this.onEvent = onEvent;
            this.onEnd = onEnd;
            return () -> {
            };
        }

        void emit(ContainerdEvent event) {
            onEvent.accept(event);
        }

        void endStream(Throwable cause) {
            onEnd.accept(cause);
        }

        @Override
        public String namespace() {
            return "k8s.io";
        }
    }

    /** Fixed cgroup values: 64 MiB memory limit, creation {@link #CGROUP_CREATED}. */
    record FixedCgroup(String name) implements CgroupContainer {

        @Override
        public ContainerSpec spec() throws ContainerGoneException {
            return new ContainerSpec(CGROUP_CREATED, null, null, null, true, new CpuSpec(1024, 0, "0-1", 0, 100000),
                    true, new MemorySpec(67108864, Long.MAX_VALUE, 0), false, false, true, ProcessSpec.NONE,
                    false, true, false, null, null);
        }

        @Override
        public ContainerStats stats() {
            return new ContainerStats(Instant.parse("2026-11-26T23:52:00Z"), null, null, null, null, null, null, null,
                    null, 0, null, null, 3, Health.NONE);
        }

        @Override
        public List<Integer> pids() {
            return new ArrayList<>(List.of(4242));
        }

        @Override
        public boolean exists() {
            return true;
        }
    }
}
