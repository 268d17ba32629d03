package io.jcadvisor.manager;

import io.jcadvisor.events.EventRequest;
import io.jcadvisor.storage.StorageDriver;
import io.jcadvisor.cache.StatsCache;
import io.jcadvisor.cgroup.ContainerGoneException;
import io.jcadvisor.container.Acceptance;
import io.jcadvisor.container.ContainerCollector;
import io.jcadvisor.container.ContainerHandlerFactory;
import io.jcadvisor.container.DiscoveryHint;
import io.jcadvisor.events.EventStore;
import io.jcadvisor.events.EventTypes;
import io.jcadvisor.events.StoragePolicy;
import io.jcadvisor.host.HostFs;
import io.jcadvisor.info.v1.ContainerReference;
import io.jcadvisor.info.v1.ContainerStats;
import io.jcadvisor.info.v1.Event;
import io.jcadvisor.info.v1.EventData;
import io.jcadvisor.oom.OomCounter;
import io.jcadvisor.oom.OomEventsCollector;
import io.jcadvisor.testing.Await;
import io.jcadvisor.testing.FixedRandom;
import io.jcadvisor.testing.Samples;
import io.jcadvisor.testing.SettableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** Housekeeping and queries without sleeping: settable clock, fake factories, samples taken on the caller's thread. */
class ContainerManagerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final List<String> ROOTS = List.of("/sys/fs/cgroup/cpu", "/sys/fs/cgroup/memory");
    private static final HousekeepingSettings SETTINGS = HousekeepingSettings.defaults().withWatch(false).withJitter(0, 0);

    @TempDir
    Path host;

    private final SettableClock clock = new SettableClock(T0);
    private final FakeFactory raw = FakeFactory.raw(clock);
    private final List<ContainerHandlerFactory> factories = new ArrayList<>(List.of(raw));
    private StatsCache cache = new StatsCache(Duration.ofMinutes(2), 240);
    private final EventStore events = new EventStore(StoragePolicy.parse("default=24h", "default=1000"));
    private ContainerManager manager;
    private ContainerQueryService queries;
    /** Real pools, as in production, for the tests that need threads; shut down after each. */
    private ManagerPools pools;

    @AfterEach
    void stop() {
        if (manager != null) {
            manager.stop();
        }
        if (pools != null) {
            pools.shutdown();
        }
    }

    private ManagerPools ownPools() {
        pools = new ManagerPools(SETTINGS.workers());
        return pools;
    }

    private void mkdirs(String... hostPaths) throws IOException {
        for (String p : hostPaths) {
            Files.createDirectories(host.resolve(p.substring(1)));
        }
    }

    private void rmdir(String hostPath) throws IOException {
        Files.delete(host.resolve(hostPath.substring(1)));
    }

    private ContainerManager start(HousekeepingSettings settings) throws IOException {
        return start(settings, List.of());
    }

    private ContainerManager start(HousekeepingSettings settings, List<ContainerCollector> collectors)
            throws IOException {
        mkdirs(ROOTS.toArray(String[]::new));
        manager = new ContainerManager(settings, clock, new HostFs(host), new TempCgroupMounts(ROOTS), Samples::machine,
                () -> factories, collectors, cache, events, StorageDriver.NONE,
                () -> new FixedRandom(0), new ManagerPools(Runnable::run, Runnable::run));
        queries = new ContainerQueryService(manager, events);
        manager.start();
        return manager;
    }

    private void advanceAndTick(Duration d) {
        clock.advance(d);
        manager.housekeepingTick();
    }

    /** Names tracked now, as the API lists them. */
    private Set<String> names() {
        return Set.copyOf(queries.containers().stream().map(ContainerSnapshot::name).toList());
    }

    private FakeHandler handler(String name) {
        return raw.handlers.get(name);
    }

    @Test
    void discoversTheUnionOfHierarchiesWithRootFirst() throws Exception {
        mkdirs("/sys/fs/cgroup/cpu/a", "/sys/fs/cgroup/memory/a/b", "/sys/fs/cgroup/memory/c");
        start(SETTINGS);
        assertThat(queries.containers()).extracting(ContainerSnapshot::name).containsExactly("/", "/a", "/a/b", "/c");
        assertThat(queries.children("/")).extracting(ContainerReference::name).containsExactly("/a", "/c");
        assertThat(queries.children("/a/")).extracting(ContainerReference::name).containsExactly("/a/b");
        assertThat(queries.subtree("/a")).extracting(ContainerSnapshot::name).containsExactly("/a", "/a/b");
        assertThat(queries.subtree("/")).hasSize(4);
        assertThat(queries.container("/a/b").spec().hasCpu()).isTrue();
        assertThat(queries.machineInfo().machineId()).isEqualTo("machine-id");
        assertThat(manager.ready()).isTrue();
        assertThatThrownBy(() -> queries.container("/nope")).isInstanceOf(ContainerNotFoundException.class)
                .hasMessageContaining("/nope");
    }

    @Test
    void samplesAtOnceThenDoublesTheIntervalWhileStatsRepeatAndResetsOnChange() throws Exception {
        mkdirs("/sys/fs/cgroup/cpu/a");
        start(SETTINGS);
        manager.housekeepingTick();
        FakeHandler a = handler("/a");
        assertThat(a.statsCalls).hasValue(1);
        advanceAndTick(Duration.ofMillis(999));
        assertThat(a.statsCalls).as("due after one interval").hasValue(1);

        advanceAndTick(Duration.ofMillis(1));
        assertThat(a.statsCalls).hasValue(2);

        advanceAndTick(Duration.ofSeconds(1));
        assertThat(a.statsCalls).as("not due yet").hasValue(2);
        advanceAndTick(Duration.ofSeconds(1));
        assertThat(a.statsCalls).hasValue(3);
        advanceAndTick(Duration.ofSeconds(3));
        assertThat(a.statsCalls).as("the interval doubled to 4 s").hasValue(3);

        a.cpu = 1_000;
        advanceAndTick(Duration.ofSeconds(1));
        assertThat(a.statsCalls).hasValue(4);
        advanceAndTick(Duration.ofSeconds(1));
        assertThat(a.statsCalls).as("changed stats reset the interval to 1 s").hasValue(5);
        assertThat(queries.stats("/a", null, null, -1)).extracting(ContainerStats::timestamp)
                .containsExactly(T0, T0.plusSeconds(1), T0.plusSeconds(3), T0.plusSeconds(7), T0.plusSeconds(8));
    }

    @Test
    void idleContainerFollowsUpstreamsCycle() throws Exception {
        mkdirs("/sys/fs/cgroup/cpu/a");
        start(SETTINGS);
        manager.housekeepingTick();
        List<Long> gaps = new ArrayList<>();
        Instant last = T0;
        for (int s = 0; s < 400 && gaps.size() < 9; s++) {
            advanceAndTick(Duration.ofSeconds(1));
            ContainerStats latest = queries.container("/a").latest();
            if (latest.timestamp().isAfter(last)) {
                gaps.add(Duration.between(last, latest.timestamp()).toSeconds());
                last = latest.timestamp();
            }
        }
        assertThat(gaps).containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 60L, 1L, 2L);
    }

    @Test
    void staticHousekeepingSamplesEveryBaseInterval() throws Exception {
        mkdirs("/sys/fs/cgroup/cpu/a");
        start(SETTINGS.withAllowDynamic(false));
        manager.housekeepingTick();
        for (int i = 0; i < 10; i++) {
            advanceAndTick(Duration.ofSeconds(1));
        }
        assertThat(handler("/a").statsCalls).hasValue(11);
    }

    @Test
    void initialDelayIsSplayedWithinOnePlusFactorTimesTheInterval() throws Exception {
        mkdirs("/sys/fs/cgroup/cpu/a");
        manager = null;
        HousekeepingSettings settings = HousekeepingSettings.defaults().withWatch(false).withJitter(1.0, 0)
                .withAllowDynamic(false);
        mkdirs(ROOTS.toArray(String[]::new));
        manager = new ContainerManager(settings, clock, new HostFs(host), new TempCgroupMounts(ROOTS), Samples::machine,
                () -> factories, List.of(), cache, events, StorageDriver.NONE,
                () -> new FixedRandom(0.75), new ManagerPools(Runnable::run, Runnable::run));
        queries = new ContainerQueryService(manager, events);
        manager.start();
        manager.housekeepingTick();
        FakeHandler a = handler("/a");
        assertThat(a.statsCalls).as("sampled at once").hasValue(1);
        advanceAndTick(Duration.ofMillis(1749));
        assertThat(a.statsCalls).as("next due at 1.75 s").hasValue(1);
        advanceAndTick(Duration.ofMillis(1));
        assertThat(a.statsCalls).hasValue(2);
        // later delays use the jitter factor (0 here)
        advanceAndTick(Duration.ofMillis(999));
        assertThat(a.statsCalls).hasValue(2);
        advanceAndTick(Duration.ofMillis(1));
        assertThat(a.statsCalls).hasValue(3);
    }

    @Test
    void cacheIsBoundedByAgeRelativeToTheNewestSample() throws Exception {
        cache = new StatsCache(Duration.ofSeconds(10), 240);
        mkdirs("/sys/fs/cgroup/cpu/a");
        start(SETTINGS.withAllowDynamic(false));
        manager.housekeepingTick();
        for (int i = 0; i < 30; i++) {
            advanceAndTick(Duration.ofSeconds(1));
        }
        List<ContainerStats> all = queries.stats("/a", null, null, -1);
        assertThat(all).hasSize(10);
        assertThat(all.get(0).timestamp()).isEqualTo(T0.plusSeconds(21));
        assertThat(all.get(9).timestamp()).isEqualTo(T0.plusSeconds(30));
    }

    @Test
    void cacheIsBoundedByCount() throws Exception {
        cache = new StatsCache(Duration.ofMinutes(2), 5);
        mkdirs("/sys/fs/cgroup/cpu/a");
        start(SETTINGS.withAllowDynamic(false));
        manager.housekeepingTick();
        for (int i = 0; i < 30; i++) {
            advanceAndTick(Duration.ofSeconds(1));
        }
        assertThat(queries.stats("/a", null, null, -1)).extracting(ContainerStats::timestamp)
                .containsExactly(T0.plusSeconds(26), T0.plusSeconds(27), T0.plusSeconds(28), T0.plusSeconds(29),
                        T0.plusSeconds(30));
    }

    @Test
    void statsQueryHonoursStartEndAndCount() throws Exception {
        mkdirs("/sys/fs/cgroup/cpu/a");
        start(SETTINGS.withAllowDynamic(false));
        manager.housekeepingTick();
        for (int i = 0; i < 9; i++) {
            advanceAndTick(Duration.ofSeconds(1));
        }
        assertThat(queries.stats("/a", null, null, -1)).hasSize(10);
        assertThat(queries.stats("/a", null, null, 0)).isEmpty();
        assertThat(queries.stats("/a", null, null, 3)).extracting(ContainerStats::timestamp)
                .containsExactly(T0.plusSeconds(7), T0.plusSeconds(8), T0.plusSeconds(9));
        assertThat(queries.stats("/a", T0.plusSeconds(2), T0.plusSeconds(4), -1)).extracting(ContainerStats::timestamp)
                .containsExactly(T0.plusSeconds(2), T0.plusSeconds(3), T0.plusSeconds(4));
        assertThat(queries.stats("/a", T0.plusSeconds(2), T0.plusSeconds(4), 1)).extracting(ContainerStats::timestamp)
                .containsExactly(T0.plusSeconds(4));
        assertThatThrownBy(() -> queries.stats("/b", null, null, -1)).isInstanceOf(ContainerNotFoundException.class);
    }

    @Test
    void storedSamplesCarryTheKernelLogOomCountOfTheExactNameAndRemovalForgetsIt() throws Exception {
        mkdirs("/sys/fs/cgroup/cpu/a", "/sys/fs/cgroup/cpu/a/b");
        OomCounter oom = new OomCounter(true, 10);
        start(SETTINGS.withAllowDynamic(false), List.of(new OomEventsCollector(oom)));
        oom.increment("/a");
        manager.housekeepingTick();
        assertThat(queries.container("/a").latest().oomEvents()).as("kmsg not read: the handler's own count")
                .isZero();

        oom.activate();
        oom.increment("/a");
        advanceAndTick(Duration.ofSeconds(1));
        assertThat(queries.container("/a").latest().oomEvents()).isEqualTo(2);
        assertThat(queries.container("/a/b").latest().oomEvents()).as("exact name, children not summed").isZero();

        rmdir("/sys/fs/cgroup/cpu/a/b");
        rmdir("/sys/fs/cgroup/cpu/a");
        manager.globalHousekeeping();
        assertThat(oom.size()).as("a removed container's count is dropped").isZero();
    }

    @Test
    void rootWithoutStatsWhenDisabled() throws Exception {
        mkdirs("/sys/fs/cgroup/cpu/a");
        start(SETTINGS.withDisableRootStats(true));
        manager.housekeepingTick();
        advanceAndTick(Duration.ofSeconds(5));
        assertThat(handler("/").statsCalls).hasValue(0);
        assertThat(queries.container("/").latest()).isNull();
        assertThat(queries.container("/").spec()).isNotNull();
        assertThat(handler("/a").statsCalls).hasValue(2);
        queries.refreshOlderThan(List.of("/"), Duration.ZERO);
        assertThat(handler("/").statsCalls).hasValue(0);
    }

    @Test
    void aVanishingContainerLosesItsSampleButIsNotRemovedByIt() throws Exception {
        mkdirs("/sys/fs/cgroup/cpu/a");
        start(SETTINGS.withAllowDynamic(false));
        manager.housekeepingTick();
        FakeHandler a = handler("/a");
        a.failure = new ContainerGoneException("/a");
        advanceAndTick(Duration.ofSeconds(1));
        a.failure = new IllegalStateException("garbage in cpu.stat");
        advanceAndTick(Duration.ofSeconds(1));
        advanceAndTick(Duration.ofSeconds(1));
        assertThat(a.statsCalls).as("still scheduled").hasValue(4);
        assertThat(queries.stats("/a", null, null, -1)).hasSize(1);
        assertThat(queries.container("/a")).isNotNull();
        a.failure = null;
        advanceAndTick(Duration.ofSeconds(1));
        assertThat(queries.stats("/a", null, null, -1)).hasSize(2);
    }

    @Test
    void refreshOlderThanSamplesStaleContainersNow() throws Exception {
        mkdirs("/sys/fs/cgroup/cpu/a", "/sys/fs/cgroup/cpu/b");
        start(SETTINGS);
        manager.housekeepingTick();
        clock.advance(Duration.ofSeconds(5));
        queries.refreshOlderThan(List.of("/a", "/unknown"), Duration.ofSeconds(2));
        assertThat(handler("/a").statsCalls).hasValue(2);
        assertThat(handler("/b").statsCalls).hasValue(1);
        assertThat(queries.container("/a").latest().timestamp()).isEqualTo(T0.plusSeconds(5));
        queries.refreshOlderThan(List.of("/a"), Duration.ofSeconds(2));
        assertThat(handler("/a").statsCalls).as("fresh enough").hasValue(2);
    }

    @Test
    void factoriesAreAskedInOrderWithRawLastAndANameIsNeverReEvaluated() throws Exception {
        String id = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        FakeFactory docker = new FakeFactory("docker", 10,
                n -> n.contains("/docker/") ? Acceptance.ACCEPT : Acceptance.NOT_MINE, clock);
        docker.namespace = "docker";
        FakeFactory systemd = new FakeFactory("systemd", 20,
                n -> n.endsWith(".mount") ? Acceptance.IGNORE : Acceptance.NOT_MINE, clock);
        // raw claims everything and comes first in the list with the lowest order, yet must be asked last
        FakeFactory greedyRaw = new FakeFactory("raw", -1, n -> Acceptance.ACCEPT, clock);
        factories.clear();
        factories.addAll(List.of(greedyRaw, systemd, docker));
        mkdirs("/sys/fs/cgroup/cpu/docker/" + id, "/sys/fs/cgroup/cpu/sys-kernel-debug.mount", "/sys/fs/cgroup/cpu/user");
        start(SETTINGS);
        assertThat(queries.containers()).extracting(ContainerSnapshot::name)
                .containsExactly("/", "/docker", "/docker/" + id, "/user");
        assertThat(docker.handlers).containsOnlyKeys("/docker/" + id);
        assertThat(greedyRaw.handlers).containsOnlyKeys("/", "/docker", "/user");

        int askedDocker = docker.asked.get();
        int askedSystemd = systemd.asked.get();
        manager.globalHousekeeping();
        assertThat(docker.asked).hasValue(askedDocker);
        assertThat(systemd.asked).hasValue(askedSystemd);

        assertThat(queries.inNamespace("docker")).extracting(ContainerSnapshot::name).containsExactly("/docker/" + id);
        assertThat(queries.byAlias("docker", "name-" + id).name()).isEqualTo("/docker/" + id);
        assertThat(queries.byAlias("docker", "0123").name()).isEqualTo("/docker/" + id);
        assertThatThrownBy(() -> queries.byAlias("docker", "ffff")).isInstanceOf(ContainerNotFoundException.class);

        rmdir("/sys/fs/cgroup/cpu/sys-kernel-debug.mount");
        manager.globalHousekeeping();
        mkdirs("/sys/fs/cgroup/cpu/sys-kernel-debug.mount");
        manager.globalHousekeeping();
        assertThat(systemd.asked).as("an ignored name is forgotten when its cgroup goes: asked again when it is back")
                .hasValue(askedSystemd + 1);
    }

    @Test
    void aStartHintMovesAContainerRawTookTooEarlyToItsRuntime() throws Exception {
        String id = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        String other = "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean();
        // The runtime says "not running" until its start, as Docker does between runc create and start.
        FakeFactory docker = new FakeFactory("docker", 10,
                n -> n.startsWith("/docker/") && running.get() ? Acceptance.ACCEPT : Acceptance.NOT_MINE, clock);
        docker.namespace = "docker";
        factories.add(docker);
        mkdirs("/sys/fs/cgroup/cpu/docker/" + id, "/sys/fs/cgroup/cpu/docker/" + other);
        start(SETTINGS);
        assertThat(raw.handlers).containsKeys("/docker/" + id, "/docker/" + other);

        running.set(true);
        manager.hint(new DiscoveryHint("docker", id, false));
        assertThat(raw.handlers.get("/docker/" + id).closed).as("a stop hint changes nothing").isFalse();

        manager.hint(new DiscoveryHint("docker", id, true));
        assertThat(docker.handlers).containsOnlyKeys("/docker/" + id);
        assertThat(queries.inNamespace("docker")).extracting(ContainerSnapshot::name).containsExactly("/docker/" + id);
        assertThat(raw.handlers.get("/docker/" + id).closed).as("the raw handler is released").isTrue();
        assertThat(queries.container("/docker/" + other).reference().namespace())
                .as("only the hinted id is looked at").isNullOrEmpty();
    }

    private static final String STARTING = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private List<Event> eventsOf(String name) {
        return queries.events(new EventRequest(name, false, Set.copyOf(EventTypes.ALL), null, null, 0));
    }

    /** A runtime that has not described its container yet: PENDING until {@code answered}. */
    private FakeFactory startingRuntime(java.util.concurrent.atomic.AtomicBoolean answered) {
        FakeFactory docker = new FakeFactory("docker", 10, n -> !n.startsWith("/docker/") ? Acceptance.NOT_MINE
                : answered.get() ? Acceptance.ACCEPT : Acceptance.PENDING, clock);
        docker.namespace = "docker";
        factories.add(docker);
        return docker;
    }

    @Test
    void aPendingContainerIsNotTrackedUntilItsRuntimeAnswersThenRegisteredOnceWithOneCreation() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean answered = new java.util.concurrent.atomic.AtomicBoolean();
        FakeFactory docker = startingRuntime(answered);
        String name = "/docker/" + STARTING;
        mkdirs("/sys/fs/cgroup/cpu/docker/" + STARTING);
        start(SETTINGS);

        assertThat(names()).as("neither raw nor docker while pending").doesNotContain(name);
        assertThat(raw.handlers).doesNotContainKey(name);
        manager.globalHousekeeping();
        advanceAndTick(Duration.ofSeconds(30));
        assertThat(names()).doesNotContain(name);
        assertThat(eventsOf(name)).isEmpty();

        answered.set(true);
        manager.hint(new DiscoveryHint("docker", STARTING, true));

        assertThat(docker.handlers).containsOnlyKeys(name);
        assertThat(queries.container(name).reference().namespace()).isEqualTo("docker");
        assertThat(raw.handlers).doesNotContainKey(name);
        assertThat(eventsOf(name)).extracting(Event::eventType).containsExactly(EventTypes.CONTAINER_CREATION);
    }

    @Test
    void aPendingContainerIsGivenUpAfterThePendingTimeoutAndTrackedRawOnce() throws Exception {
        startingRuntime(new java.util.concurrent.atomic.AtomicBoolean());
        String name = "/docker/" + STARTING;
        mkdirs("/sys/fs/cgroup/cpu/docker/" + STARTING);
        start(SETTINGS.withPending(new io.jcadvisor.container.PendingLimits(Duration.ofSeconds(10), 100)));

        advanceAndTick(Duration.ofSeconds(9));
        assertThat(names()).doesNotContain(name);

        advanceAndTick(Duration.ofSeconds(1));
        assertThat(queries.container(name).reference().namespace()).as("raw").isNullOrEmpty();
        advanceAndTick(Duration.ofSeconds(10));
        assertThat(eventsOf(name)).extracting(Event::eventType).containsExactly(EventTypes.CONTAINER_CREATION);
    }

    @Test
    void beyondMaxPendingANewContainerIsTrackedRawAtOnce() throws Exception {
        startingRuntime(new java.util.concurrent.atomic.AtomicBoolean());
        String other = STARTING.replace('0', 'f');
        mkdirs("/sys/fs/cgroup/cpu/docker/" + STARTING, "/sys/fs/cgroup/cpu/docker/" + other);
        start(SETTINGS.withPending(new io.jcadvisor.container.PendingLimits(Duration.ofMinutes(1), 1)));

        List<String> tracked = names().stream().filter(n -> n.startsWith("/docker/")).toList();
        assertThat(tracked).as("one waits, the other is raw").hasSize(1);
        String waiting = tracked.get(0).equals("/docker/" + STARTING) ? "/docker/" + other : "/docker/" + STARTING;
        assertThat(names()).doesNotContain(waiting);
        assertThat(queries.container(tracked.get(0)).reference().namespace()).isNullOrEmpty();
    }

    @Test
    void aPendingCgroupThatGoesAwayIsForgottenWithoutEvents() throws Exception {
        startingRuntime(new java.util.concurrent.atomic.AtomicBoolean());
        String name = "/docker/" + STARTING;
        mkdirs("/sys/fs/cgroup/cpu/docker/" + STARTING);
        start(SETTINGS);
        assertThat(names()).doesNotContain(name);

        rmdir("/sys/fs/cgroup/cpu/docker/" + STARTING);
        manager.globalHousekeeping();
        assertThat(eventsOf(name)).isEmpty();

        // Forgotten: a cgroup of that name made again waits its own full minute, not the rest of the first's.
        advanceAndTick(Duration.ofSeconds(30));
        mkdirs("/sys/fs/cgroup/cpu/docker/" + STARTING);
        manager.globalHousekeeping();
        advanceAndTick(Duration.ofSeconds(31));
        assertThat(names()).as("still waiting for its runtime").doesNotContain(name);
        advanceAndTick(Duration.ofSeconds(29));
        assertThat(names()).as("given up a minute after it came again").contains(name);
    }

    @Test
    void ambiguousAliasPrefixIsRefused() throws Exception {
        FakeFactory docker = new FakeFactory("docker", 10,
                n -> n.startsWith("/docker/") ? Acceptance.ACCEPT : Acceptance.NOT_MINE, clock);
        docker.namespace = "docker";
        factories.add(docker);
        mkdirs("/sys/fs/cgroup/cpu/docker/abc1", "/sys/fs/cgroup/cpu/docker/abc2");
        start(SETTINGS);
        assertThatThrownBy(() -> queries.byAlias("docker", "abc")).isInstanceOf(ContainerNotFoundException.class)
                .hasMessageContaining("not a unique prefix");
        assertThat(queries.byAlias("docker", "abc2").name()).isEqualTo("/docker/abc2");
    }

    @Test
    void creationAndDeletionAreEvents() throws Exception {
        mkdirs("/sys/fs/cgroup/cpu/a", "/sys/fs/cgroup/memory/a");
        start(SETTINGS);
        manager.housekeepingTick();
        clock.advance(Duration.ofSeconds(30));
        rmdir("/sys/fs/cgroup/cpu/a");
        manager.globalHousekeeping();
        assertThat(names()).as("still in the memory hierarchy").contains("/a");
        rmdir("/sys/fs/cgroup/memory/a");
        manager.globalHousekeeping();
        assertThat(names()).containsExactly("/");
        assertThat(cache.names()).doesNotContain("/a");
        assertThat(handler("/a").closed).isTrue();

        List<Event> found = queries.events(new EventRequest("/a", false, Set.copyOf(EventTypes.ALL), null, null, 0));
        assertThat(found).containsExactly(
                new Event("/a", raw.creationTime, EventTypes.CONTAINER_CREATION, EventData.EMPTY),
                new Event("/a", T0.plusSeconds(30), EventTypes.CONTAINER_DELETION,
                        new EventData(null, new EventData.DeletionEventData(-1))));
        assertThatThrownBy(() -> queries.stats("/a", null, null, -1)).isInstanceOf(ContainerNotFoundException.class);
    }

    @Test
    void deletionEventCarriesTheExitCodeTheHandlerReportsElseMinusOne() throws Exception {
        mkdirs("/sys/fs/cgroup/cpu/a", "/sys/fs/cgroup/cpu/b", "/sys/fs/cgroup/cpu/c");
        start(SETTINGS);
        handler("/a").exitCode = () -> OptionalInt.of(3);
        handler("/b").exitCode = () -> {
            throw new IllegalStateException("daemon said nonsense");
        };
        clock.advance(Duration.ofSeconds(5));
        rmdir("/sys/fs/cgroup/cpu/a");
        rmdir("/sys/fs/cgroup/cpu/b");
        rmdir("/sys/fs/cgroup/cpu/c");
        manager.globalHousekeeping();

        assertThat(queries.events(new EventRequest("/", true, Set.of(EventTypes.CONTAINER_DELETION), null, null, -1)))
                .extracting(Event::containerName, e -> e.eventData().containerDeletion().exitCode())
                .containsExactlyInAnyOrder(tuple("/a", 3), tuple("/b", -1), tuple("/c", -1));
        assertThat(handler("/a").exitCodeCalls).as("asked once").hasValue(1);
    }

    @Test
    void aRuntimeThatDoesNotAnswerDelaysOnlyTheEventAndGivesMinusOne() throws Exception {
        mkdirs(ROOTS.toArray(String[]::new));
        mkdirs("/sys/fs/cgroup/cpu/slow", "/sys/fs/cgroup/cpu/quick");
        // The manager's own pools, as in production.
        manager = new ContainerManager(SETTINGS, clock, new HostFs(host), new TempCgroupMounts(ROOTS), Samples::machine,
                () -> factories, List.of(), cache, events, StorageDriver.NONE,
                () -> new FixedRandom(0), ownPools());
        queries = new ContainerQueryService(manager, events);
        manager.start();
        CountDownLatch never = new CountDownLatch(1);
        handler("/slow").exitCode = () -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return OptionalInt.of(7);
        };
        handler("/quick").exitCode = () -> OptionalInt.of(0);
        EventRequest deletions = new EventRequest("/", true, Set.of(EventTypes.CONTAINER_DELETION), null, null, -1);
        try {
            rmdir("/sys/fs/cgroup/cpu/slow");
            long started = System.nanoTime();
            manager.globalHousekeeping();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("discovery does not wait")
                    .isLessThan(Duration.ofSeconds(1));
            assertThat(names()).doesNotContain("/slow");

            rmdir("/sys/fs/cgroup/cpu/quick");
            manager.globalHousekeeping();
            Await.until(Duration.ofSeconds(2), () -> queries.events(deletions).size() == 1);
            assertThat(queries.events(deletions)).as("the quick one does not wait for the slow one")
                    .extracting(Event::containerName, e -> e.eventData().containerDeletion().exitCode())
                    .containsExactly(tuple("/quick", 0));
            Await.until(LifecycleEvents.EXIT_CODE_WAIT.plusSeconds(5), () -> queries.events(deletions).size() == 2);
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .isGreaterThanOrEqualTo(LifecycleEvents.EXIT_CODE_WAIT);
            assertThat(queries.events(deletions))
                    .extracting(Event::containerName, e -> e.eventData().containerDeletion().exitCode())
                    .containsExactlyInAnyOrder(tuple("/slow", -1), tuple("/quick", 0));
        } finally {
            never.countDown();
        }
    }

    @Test
    void summaryIsEmptyWithoutCpuAndMemory() throws Exception {
        mkdirs("/sys/fs/cgroup/cpu/a");
        raw.hasCpu = false;
        raw.hasMemory = false;
        start(SETTINGS);
        manager.housekeepingTick();
        assertThat(queries.summary("/a")).isEmpty();
        assertThatThrownBy(() -> queries.summary("/x")).isInstanceOf(ContainerNotFoundException.class);
    }

    @Test
    void summaryIsFedOnEachSample() throws Exception {
        mkdirs("/sys/fs/cgroup/cpu/a");
        start(SETTINGS.withAllowDynamic(false));
        manager.housekeepingTick();
        FakeHandler a = handler("/a");
        a.workingSet = 2048;
        a.cpu = 250_000_000;
        advanceAndTick(Duration.ofSeconds(1));
        assertThat(queries.summary("/a")).hasValueSatisfying(d -> {
            assertThat(d.latestUsage().cpu()).isEqualTo(250);
            assertThat(d.latestUsage().memory()).isEqualTo(2048);
            assertThat(d.timestamp()).isEqualTo(T0.plusSeconds(1));
        });
        assertThat(queries.pids("/a")).containsExactly(1, 2);
    }

    @Test
    void livenessTickIsRecorded() throws Exception {
        start(SETTINGS);
        assertThat(manager.lastTick()).isEqualTo(T0);
        advanceAndTick(Duration.ofSeconds(3));
        assertThat(manager.lastTick()).isEqualTo(T0.plusSeconds(3));
    }

    @Test
    void tickAnswersWhenTheNextContainerIsDue() throws Exception {
        mkdirs("/sys/fs/cgroup/cpu/a");
        start(SETTINGS);
        assertThat(manager.housekeepingTick()).as("all sampled now, next after the 1 s interval")
                .isEqualTo(T0.plusSeconds(1));
        clock.advance(Duration.ofMillis(400));
        assertThat(manager.housekeepingTick()).as("nothing due yet").isEqualTo(T0.plusSeconds(1));
        clock.advance(Duration.ofMillis(600));
        handler("/a").cpu = 5;
        assertThat(manager.housekeepingTick()).as("/ doubled to 2 s, /a changed and stays at 1 s")
                .isEqualTo(T0.plusSeconds(2));
    }

    @Test
    void aPassTakesWhatIsDueWithinItsLookAhead() throws Exception {
        mkdirs("/sys/fs/cgroup/cpu/a");
        start(SETTINGS.withAllowDynamic(false));
        manager.housekeepingTick();
        FakeHandler a = handler("/a");
        clock.advance(Duration.ofMillis(700));
        assertThat(manager.housekeepingTick(Duration.ofMillis(250))).as("due 300 ms on, beyond the look-ahead")
                .isEqualTo(T0.plusSeconds(1));
        assertThat(a.statsCalls).hasValue(1);
        clock.advance(Duration.ofMillis(100));
        assertThat(manager.housekeepingTick(Duration.ofMillis(250))).as("due 200 ms on: taken now, next 1 s on")
                .isEqualTo(T0.plusMillis(1800));
        assertThat(a.statsCalls).hasValue(2);
    }

    @Test
    void dueTimesAreReportedForNewContainersAndFinishedSamples() throws Exception {
        List<Instant> reported = new ArrayList<>();
        start(SETTINGS);
        manager.onDue(reported::add);
        manager.housekeepingTick();
        assertThat(reported).as("each sample reports its container's next due time").containsExactly(T0.plusSeconds(1));

        reported.clear();
        clock.advance(Duration.ofMillis(300));
        mkdirs("/sys/fs/cgroup/cpu/b");
        manager.globalHousekeeping();
        assertThat(reported).as("a new container is due at once").containsExactly(T0.plusMillis(300));
        assertThat(manager.housekeepingTick()).isEqualTo(T0.plusSeconds(1));
        assertThat(handler("/b").statsCalls).hasValue(1);
    }

    @Test
    void aContainerBeingSampledIsLeftToItsWorkersReport() throws Exception {
        mkdirs("/sys/fs/cgroup/cpu/a");
        List<Runnable> queued = new ArrayList<>();
        List<Instant> reported = new ArrayList<>();
        mkdirs(ROOTS.toArray(String[]::new));
        manager = new ContainerManager(SETTINGS, clock, new HostFs(host), new TempCgroupMounts(ROOTS), Samples::machine,
                () -> factories, List.of(), cache, events, StorageDriver.NONE,
                () -> new FixedRandom(0), new ManagerPools(queued::add, Runnable::run));
        queries = new ContainerQueryService(manager, events);
        manager.start();
        manager.onDue(reported::add);
        assertThat(manager.housekeepingTick()).as("both handed out, neither counted").isEqualTo(Instant.MAX);
        assertThat(queued).hasSize(2);
        clock.advance(Duration.ofMillis(250));
        queued.forEach(Runnable::run);
        assertThat(reported).containsExactly(T0.plusMillis(1250), T0.plusMillis(1250));
        assertThat(manager.housekeepingTick()).isEqualTo(T0.plusMillis(1250));
    }

    @Test
    void startHintWalksAtOnceWhenNoWatchCoversTheTree() throws Exception {
        start(SETTINGS);
        mkdirs("/sys/fs/cgroup/memory/docker/abc");
        assertThat(names()).doesNotContain("/docker/abc");
        manager.onHint(new DiscoveryHint("docker", "abc", true));
        assertThat(names()).contains("/docker", "/docker/abc");
    }

    @Test
    void workersSampleInParallelOffTheTickThread() throws Exception {
        mkdirs("/sys/fs/cgroup/cpu/a", "/sys/fs/cgroup/cpu/b", "/sys/fs/cgroup/cpu/c");
        mkdirs(ROOTS.toArray(String[]::new));
        manager = new ContainerManager(SETTINGS, clock, new HostFs(host), new TempCgroupMounts(ROOTS), Samples::machine,
                () -> factories, List.of(), cache, events, StorageDriver.NONE,
                () -> new FixedRandom(0), ownPools());
        queries = new ContainerQueryService(manager, events);
        manager.start();
        manager.housekeepingTick();
        // each due container is handed out once, however often the tick runs before the workers finish
        manager.housekeepingTick();
        Await.until(Duration.ofSeconds(5), () -> cache.names().containsAll(List.of("/", "/a", "/b", "/c")));
        assertThat(handler("/a").statsCalls).hasValue(1);
    }

    @Test
    void partialSampleWithoutCpuIsNotFedToTheSummary() throws Exception {
        mkdirs("/sys/fs/cgroup/cpu/a");
        start(SETTINGS.withAllowDynamic(false));
        manager.housekeepingTick();
        FakeHandler a = handler("/a");
        a.cpu = 1_000_000_000;
        advanceAndTick(Duration.ofSeconds(1));
        a.withoutCpu = true;
        advanceAndTick(Duration.ofSeconds(1));
        a.withoutCpu = false;
        a.cpu = 2_000_000_000;
        advanceAndTick(Duration.ofSeconds(1));
        // one core-second over the two seconds since the last full sample, not over one
        assertThat(queries.summary("/a").orElseThrow().latestUsage().cpu()).isEqualTo(500);
        assertThat(queries.stats("/a", null, null, -1)).hasSize(4);
    }

    @Test
    void specIsReReadAtMostEveryFiveSeconds() throws Exception {
        mkdirs("/sys/fs/cgroup/cpu/a");
        start(SETTINGS);
        FakeHandler a = handler("/a");
        assertThat(a.specCalls).as("read once on creation").hasValue(1);
        queries.containers();
        clock.advance(Duration.ofMillis(4999));
        queries.container("/a");
        assertThat(a.specCalls).hasValue(1);
        a.spec = Samples.spec(T0, false, true);
        clock.advance(Duration.ofMillis(1));
        assertThat(queries.container("/a").spec().hasCpu()).isFalse();
        assertThat(a.specCalls).hasValue(2);
    }
}
