package io.jcadvisor.manager;

import io.jcadvisor.events.EventRequest;
import io.jcadvisor.cache.StatsCache;
import io.jcadvisor.cgroup.CgroupMounts;
import io.jcadvisor.cgroup.ContainerGoneException;
import io.jcadvisor.config.CadvisorConfig;
import io.jcadvisor.container.Acceptance;
import io.jcadvisor.container.ContainerCollector;
import io.jcadvisor.container.ContainerHandler;
import io.jcadvisor.container.ContainerHandlerFactory;
import io.jcadvisor.container.DiscoveryHint;
import io.jcadvisor.container.PendingLimits;
import io.jcadvisor.events.EventStore;
import io.jcadvisor.events.EventTypes;
import io.jcadvisor.host.HostFs;
import io.jcadvisor.info.v1.ContainerReference;
import io.jcadvisor.info.v1.ContainerSpec;
import io.jcadvisor.info.v1.ContainerStats;
import io.jcadvisor.info.v1.Event;
import io.jcadvisor.info.v1.EventData;
import io.jcadvisor.info.v1.MachineInfo;
import io.jcadvisor.info.v2.DerivedStats;
import io.jcadvisor.machine.MachineInfoSource;
import io.jcadvisor.storage.Sample;
import io.jcadvisor.storage.StorageDriver;
import io.jcadvisor.storage.StorageDrivers;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SortedSet;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The container manager (upstream {@code manager.manager}): discovers cgroups, picks a runtime handler
 * for each, samples them on their housekeeping cadence into the {@link StatsCache}, feeds the derived
 * stats, records creation and deletion events, and answers the {@link ContainerQueries} of the API
 * and {@code /metrics}. Knows nothing about HTTP.
 *
 * <p>Discovery ({@code data-sources.md} §7): {@code /} first, then the union of every directory below
 * each {@link CgroupMounts#hierarchyRoots() hierarchy root}; between global walks a
 * {@link CgroupWatcher} reports new and removed directories. A new name is offered to the factories in
 * {@link ContainerHandlerFactory#order()} with raw last; the first answer other than
 * {@link Acceptance#NOT_MINE} decides, and the name is never re-evaluated while it exists. A
 * {@link Acceptance#PENDING} answer (the runtime is still starting the container) defers the decision:
 * the name is offered again when that runtime's hint comes, and goes to raw after the pending timeout.
 *
 * <p>Housekeeping ({@code data-sources.md} §9): {@link Housekeeping} calls {@link #housekeepingTick()}
 * often; it hands the containers that are due to a small bounded executor. Time comes from the
 * injected {@link Clock} only.
 */
@ApplicationScoped
public class ContainerManager implements ContainerQueries {

    /** Longest a query waits for on-demand samples in total. */
    static final Duration REFRESH_WAIT = Duration.ofSeconds(5);
    private static final Duration ERROR_LOG_INTERVAL = Duration.ofMinutes(1);
    /**
     * Longest a deletion event waits for the runtime's exit code before it is recorded with −1 (it is
     * stamped with the time the cgroup was seen gone either way). An engine answers about a container
     * it is stopping only once it has recorded the exit, which took 6.5 s on a loaded host; the
     * engine handlers bound their inspect at 12 s, and this bounds a handler that does not.
     */
    static final Duration EXIT_CODE_WAIT = Duration.ofSeconds(15);
    /** Deletions waiting for an exit code; beyond this a deletion is recorded at once with −1. */
    private static final int EXIT_CODE_QUEUE = 1024;
    private static final int EXIT_CODE_THREADS = 4;
    private static final String ROOT = "/";
    /** The fallback factory's name: it takes any cgroup no runtime claims. */
    private static final String RAW = "raw";

    private final HousekeepingSettings settings;
    private final Clock clock;
    private final HostFs hostFs;
    private final CgroupMounts mounts;
    private final MachineInfoSource machineSource;
    private final Supplier<List<ContainerHandlerFactory>> factorySource;
    private final StatsCache cache;
    private final EventStore events;
    private final Supplier<RandomGenerator> randoms;
    private final Executor givenExecutor;

    private final ContainerIndex containers = new ContainerIndex();
    /** Names a factory said IGNORE to; pruned by the walk and the watch so it cannot grow under churn. */
    private final Set<String> ignored = ConcurrentHashMap.newKeySet();
    /**
     * Names a runtime factory answered PENDING for (its runtime is still starting the container), with
     * when it first did; not tracked, no event. Pruned like {@link #ignored}; bounded by
     * {@link PendingLimits#max()}; given up on after {@link PendingLimits#timeout()}.
     */
    private final Map<String, Instant> pending = new ConcurrentHashMap<>();
    /** A re-offer of expired pending names is handed to the workers (at most one at a time). */
    private final AtomicBoolean expiring = new AtomicBoolean();
    private volatile Instant pendingFullLogged = Instant.MIN;
    /** Serialises the walk and the watch's add/remove, so a walk never undoes a newer watch event. */
    private final ReentrantLock discovery = new ReentrantLock();

    private volatile List<ContainerHandlerFactory> factories = List.of();
    /** Where each cached sample is also exported ({@code -storage_driver}); never blocks. */
    private volatile StorageDriver storage = StorageDriver.NONE;
    /** Extra per-container sources (app metrics, perf, resctrl); set before {@link #start()}. */
    private volatile Collectors collectors = Collectors.NONE;
    private volatile MachineInfo machineInfo;
    private volatile boolean discovered;
    private volatile boolean running;
    private volatile Instant lastTick;
    private volatile Instant startedAt;
    private Executor executor;
    private ExecutorService ownedExecutor;
    /** Asks handlers for exit codes, off the discovery path; the given executor in tests. */
    private Executor exitCodes;
    private ExecutorService ownedExitCodes;
    private CgroupWatcher watcher;

    @Inject
    public ContainerManager(CadvisorConfig config, Clock clock, HostFs hostFs, CgroupMounts mounts,
            MachineInfoSource machineSource, Instance<ContainerHandlerFactory> factories,
            Instance<ContainerCollector> collectors, StatsCache cache, EventStore events, StorageDrivers storage) {
        this(HousekeepingSettings.from(config), clock, hostFs, mounts, machineSource,
                () -> factories.stream().toList(), cache, events, SplittableRandom::new, null);
        this.collectors = new Collectors(collectors.stream().toList());
        this.storage = storage.isEmpty() ? StorageDriver.NONE : storage;
    }

    /**
     * For tests and embedding.
     *
     * @param randoms  one jitter source per container
     * @param executor runs the samples the tick hands out; null = a pool of {@code settings.workers()} threads
     */
    public ContainerManager(HousekeepingSettings settings, Clock clock, HostFs hostFs, CgroupMounts mounts,
            MachineInfoSource machineSource, Supplier<List<ContainerHandlerFactory>> factories, StatsCache cache,
            EventStore events, Supplier<RandomGenerator> randoms, Executor executor) {
        this.settings = settings;
        this.clock = clock;
        this.hostFs = hostFs;
        this.mounts = mounts;
        this.machineSource = machineSource;
        this.factorySource = factories;
        this.cache = cache;
        this.events = events;
        this.randoms = randoms;
        this.givenExecutor = executor;
    }

    /** For tests and embedding: where samples are exported besides the cache. */
    public void setStorage(StorageDriver driver) {
        this.storage = driver;
    }

    /** For tests and embedding: the extra per-container sources; call before {@link #start()}. */
    public void setCollectors(List<ContainerCollector> extra) {
        this.collectors = new Collectors(extra);
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** Loads machine info, creates {@code /}, starts the watch, walks every hierarchy. */
    public synchronized void start() {
        if (running) {
            return;
        }
        startedAt = clock.instant();
        factories = orderFactories(factorySource.get());
        Log.infof("Container factories in order: %s", factories.stream().map(ContainerHandlerFactory::name).toList());
        refreshMachineInfo();
        if (givenExecutor != null) {
            executor = givenExecutor;
            exitCodes = givenExecutor;
        } else {
            // A few threads, idle ones ended: one runtime that does not answer must not hold up the others.
            AtomicInteger exitIds = new AtomicInteger();
            ThreadPoolExecutor pool = new ThreadPoolExecutor(EXIT_CODE_THREADS, EXIT_CODE_THREADS, 30, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(EXIT_CODE_QUEUE), r -> {
                        Thread t = new Thread(r, "exit-codes-" + exitIds.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
            pool.allowCoreThreadTimeOut(true);
            ownedExitCodes = pool;
            exitCodes = pool;
            AtomicInteger ids = new AtomicInteger();
            ownedExecutor = new ThreadPoolExecutor(settings.workers(), settings.workers(), 0, TimeUnit.MILLISECONDS,
                    new LinkedBlockingQueue<>(), r -> {
                        Thread t = new Thread(r, "housekeeping-" + ids.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
            executor = ownedExecutor;
        }
        running = true;
        discovery.lock();
        try {
            ensureContainer(ROOT);
        } finally {
            discovery.unlock();
        }
        if (settings.watch()) {
            startWatch();
        }
        globalHousekeeping();
        discovered = true;
        Log.infof("Tracking %d containers", containers.size());
    }

    /** Stops the watch and the workers and closes every handler. */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        if (watcher != null) {
            watcher.close();
            watcher = null;
        }
        if (ownedExecutor != null) {
            ownedExecutor.shutdownNow();
            ownedExecutor = null;
        }
        if (ownedExitCodes != null) {
            ownedExitCodes.shutdownNow();
            ownedExitCodes = null;
        }
        for (ContainerData data : containers.all()) {
            data.removed = true;
            data.handler.close();
        }
        containers.clear();
        pending.clear();
    }

    /** Re-reads machine info; a failure keeps the previous one (and readiness stays down until one succeeds). */
    public void refreshMachineInfo() {
        try {
            machineInfo = machineSource.read();
        } catch (RuntimeException e) {
            Log.errorf(e, "Reading machine info failed");
        }
    }

    /** The global walk: track new cgroups, drop vanished ones. */
    public void globalHousekeeping() {
        if (!running) {
            return;
        }
        discovery.lock();
        try {
            SortedSet<String> present = CgroupWalker.walk(hostFs, mounts.hierarchyRoots());
            for (String name : present) {
                ensureContainer(name);
            }
            for (String name : containers.names()) {
                if (!present.contains(name)) {
                    destroyContainer(name);
                }
            }
            ignored.retainAll(present);
            pending.keySet().retainAll(present);
        } finally {
            discovery.unlock();
        }
    }

    void onHint(@ObservesAsync DiscoveryHint hint) {
        hint(hint);
    }

    /**
     * A runtime saw a container start. Its cgroup may have appeared, and been offered to the
     * factories, before the runtime called it running: then raw took it, or nothing did. Such a name
     * (one holding the id) is offered to the runtime factories again, and moves to the first that
     * accepts it. Only those names are looked at, not the whole tree, unless no name holds the id and
     * the directory watch is off or at its limit: then nothing else would find the new cgroup before
     * the next global walk, so the walk runs now. A stop needs nothing: the watch and the walk see the
     * cgroup go.
     */
    public void hint(DiscoveryHint hint) {
        if (!running || !hint.started() || hint.id() == null || hint.id().isEmpty()) {
            return;
        }
        Log.debugf("Discovery hint from %s: %s started", hint.runtime(), hint.id());
        boolean known = false;
        discovery.lock();
        try {
            for (String name : List.copyOf(ignored)) {
                if (name.contains(hint.id())) {
                    known = true;
                    ignored.remove(name);
                    ensureContainer(name);
                }
            }
            for (String name : List.copyOf(pending.keySet())) {
                if (name.contains(hint.id())) {
                    // The runtime's answer came: the name is registered once, with it.
                    known = true;
                    ensureContainer(name);
                }
            }
            for (ContainerData data : List.copyOf(containers.all())) {
                if (data.name.contains(hint.id())) {
                    known = true;
                    if (data.factory.equals(RAW)) {
                        reclaim(data.name);
                    }
                }
            }
        } finally {
            discovery.unlock();
        }
        if (!known && watchStatus().map(WatchStatus::limitHit).orElse(true)) {
            globalHousekeeping();
        }
    }

    /** Moves a raw container to the first runtime factory that now accepts its name. */
    private void reclaim(String name) {
        for (ContainerHandlerFactory factory : factories) {
            if (factory.name().equals(RAW)) {
                continue;
            }
            Acceptance answer;
            try {
                answer = factory.canHandleAndAccept(name);
            } catch (RuntimeException e) {
                continue;
            }
            if (answer == Acceptance.ACCEPT) {
                Log.debugf("%s is %s's now, no longer raw", name, factory.name());
                destroyContainer(name);
                createContainer(name, factory);
                return;
            }
            if (answer == Acceptance.IGNORE || answer == Acceptance.PENDING) {
                // PENDING: it stays raw until the runtime answers (its hint comes back here).
                return;
            }
        }
    }

    /**
     * The short housekeeping tick: hands every container that is due to the workers, at most once
     * each, and records the tick for liveness.
     */
    public void housekeepingTick() {
        if (!running) {
            return;
        }
        Instant now = clock.instant();
        expirePending(now);
        for (ContainerData data : containers.all()) {
            if (!data.nextDue.isAfter(now) && data.inFlight.compareAndSet(false, true)) {
                try {
                    executor.execute(() -> housekeep(data));
                } catch (RejectedExecutionException e) {
                    // shutting down
                    data.inFlight.set(false);
                }
            }
        }
        lastTick = clock.instant();
    }

    /**
     * Offers the names pending for longer than the pending timeout again, on a worker (a factory may
     * wait briefly for its runtime); {@link #ensureContainer} then gives up on them.
     */
    private void expirePending(Instant now) {
        if (pending.isEmpty()) {
            return;
        }
        Instant cutoff = now.minus(settings.pending().timeout());
        if (pending.values().stream().noneMatch(since -> !since.isAfter(cutoff))
                || !expiring.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.execute(() -> {
                discovery.lock();
                try {
                    for (Map.Entry<String, Instant> entry : List.copyOf(pending.entrySet())) {
                        if (running && !entry.getValue().isAfter(cutoff)) {
                            ensureContainer(entry.getKey());
                        }
                    }
                } finally {
                    discovery.unlock();
                    expiring.set(false);
                }
            });
        } catch (RejectedExecutionException e) {
            // shutting down
            expiring.set(false);
        }
    }

    /** Names waiting for their runtime's answer (tests). */
    Set<String> pendingNames() {
        return Set.copyOf(pending.keySet());
    }

    /** Time of the last completed tick, or of start-up before the first one. Null before start. */
    public Instant lastTick() {
        Instant tick = lastTick;
        return tick != null ? tick : startedAt;
    }

    /** Machine info is loaded and the first discovery is done. */
    public boolean ready() {
        return running && discovered && machineInfo != null;
    }

    /** The directory watch, for {@code /validate}; empty when watching is off or failed to start. */
    public Optional<WatchStatus> watchStatus() {
        CgroupWatcher w = watcher;
        return w == null ? Optional.empty() : Optional.of(w.status());
    }

    /** Names the directory watch currently holds (tests). */
    Set<String> watchedNames() {
        CgroupWatcher w = watcher;
        return w == null ? Set.of() : w.watchedNames();
    }

    /** Names a factory said IGNORE to (tests). */
    Set<String> ignoredNames() {
        return Set.copyOf(ignored);
    }

    /** The current dynamic interval of a container (tests, debugging). */
    Optional<Duration> housekeepingInterval(String name) {
        ContainerData data = containers.get(name);
        return data == null ? Optional.empty() : Optional.of(data.schedule.interval());
    }

    /** When a container is next sampled (tests, debugging). */
    Optional<Instant> nextHousekeeping(String name) {
        ContainerData data = containers.get(name);
        return data == null ? Optional.empty() : Optional.of(data.nextDue);
    }

    // --- discovery ----------------------------------------------------------------------------------

    private void startWatch() {
        CgroupWatcher w = new CgroupWatcher(hostFs, mounts.hierarchyRoots(), new CgroupWatcher.Listener() {
            @Override
            public void added(String name) {
                if (!running) {
                    return;
                }
                discovery.lock();
                try {
                    ensureContainer(name);
                } finally {
                    discovery.unlock();
                }
            }

            @Override
            public void removed(String name) {
                if (!running) {
                    return;
                }
                discovery.lock();
                try {
                    ignored.remove(name);
                    pending.remove(name);
                    destroyContainer(name);
                } finally {
                    discovery.unlock();
                }
            }

            @Override
            public void rescan() {
                globalHousekeeping();
            }
        });
        try {
            w.start();
            watcher = w;
        } catch (IOException | RuntimeException e) {
            w.close();
            Log.warnf("Cannot watch cgroup directories (%s): new cgroups are found by the global walk only",
                    e.getMessage());
        }
    }

    /**
     * Tracks a name unless known or ignored. A name a factory answers PENDING for is left untracked
     * (no event) until that factory decides, or until it has waited longer than the pending timeout (or
     * the pending set is full): then, with one log line, the next factory (raw) takes it. Caller holds
     * {@link #discovery}.
     */
    private void ensureContainer(String name) {
        if (containers.contains(name) || ignored.contains(name)) {
            return;
        }
        for (ContainerHandlerFactory factory : factories) {
            Acceptance answer;
            try {
                answer = factory.canHandleAndAccept(name);
            } catch (RuntimeException e) {
                Log.debugf(e, "Factory %s failed on %s; asking the next", factory.name(), name);
                continue;
            }
            if (answer == Acceptance.NOT_MINE) {
                continue;
            }
            if (answer == Acceptance.PENDING) {
                if (keepPending(name, factory)) {
                    return;
                }
                continue;
            }
            pending.remove(name);
            if (answer == Acceptance.IGNORE) {
                Log.debugf("Factory %s ignores %s", factory.name(), name);
                ignored.add(name);
                return;
            }
            createContainer(name, factory);
            return;
        }
        pending.remove(name);
        ignored.add(name);
    }

    /**
     * Whether a name its factory answered PENDING for keeps waiting: yes while it has waited less than
     * the pending timeout and the pending set has room; otherwise one line says why it is not.
     */
    private boolean keepPending(String name, ContainerHandlerFactory factory) {
        Instant now = clock.instant();
        Instant since = pending.get(name);
        if (since == null) {
            if (pending.size() < settings.pending().max()) {
                pending.put(name, now);
                Log.debugf("%s has not described %s yet: waiting for its answer", factory.name(), name);
                return true;
            }
            if (!now.isBefore(pendingFullLogged.plus(ERROR_LOG_INTERVAL))) {
                pendingFullLogged = now;
                Log.warnf("%d containers already wait for their runtime (cadvisor.containers.max-pending);"
                        + " %s is tracked without waiting for %s", pending.size(), name, factory.name());
            }
            return false;
        }
        if (now.isBefore(since.plus(settings.pending().timeout()))) {
            return true;
        }
        pending.remove(name);
        Log.infof("%s did not describe %s within %s (cadvisor.containers.pending-timeout);"
                + " tracking it without its runtime's name and labels", factory.name(), name,
                settings.pending().timeout());
        return false;
    }

    private void createContainer(String name, ContainerHandlerFactory factory) {
        ContainerHandler handler;
        ContainerSpec spec;
        Instant now = clock.instant();
        try {
            handler = factory.newHandler(name);
        } catch (RuntimeException e) {
            Log.warnf(e, "Factory %s accepted %s but could not build its handler", factory.name(), name);
            return;
        }
        try {
            spec = handler.spec();
        } catch (ContainerGoneException e) {
            // gone before we could look at it
            handler.close();
            return;
        } catch (RuntimeException e) {
            Log.warnf(e, "Reading the spec of new container %s failed", name);
            handler.close();
            return;
        }
        boolean sampled = !(settings.disableRootStats() && name.equals(ROOT));
        ContainerData data = new ContainerData(name, factory.name(), handler,
                new HousekeepingSchedule(settings, randoms.get()), spec, now, sampled ? now : Instant.MAX);
        containers.add(data);
        Instant created = spec.creationTime();
        if (created == null || created.equals(ContainerSpec.ZERO_TIME)) {
            created = now;
        }
        events.add(new Event(name, created, EventTypes.CONTAINER_CREATION, EventData.EMPTY));
        collectors.started(handler, spec);
        Log.debugf("Added container %s (%s)", name, factory.name());
    }

    private void destroyContainer(String name) {
        if (name.equals(ROOT)) {
            return;
        }
        ContainerData data = containers.remove(name);
        if (data == null) {
            return;
        }
        data.removed = true;
        cache.remove(name);
        collectors.stopped(data.handler);
        data.handler.close();
        recordDeletion(name, data.handler, clock.instant());
        Log.debugf("Removed container %s", name);
    }

    /**
     * Adds the {@code containerDeletion} event, stamped {@code at} (when the cgroup was seen gone), with
     * the exit code the handler reports, or −1 when it cannot tell, fails, or takes longer than
     * {@link #EXIT_CODE_WAIT}. The handler is asked on {@link #exitCodes}, so a slow runtime delays only
     * the event, never discovery or housekeeping; with that queue full the event is recorded at once.
     */
    private void recordDeletion(String name, ContainerHandler handler, Instant at) {
        CompletableFuture<OptionalInt> code;
        try {
            code = CompletableFuture.supplyAsync(handler::exitCode, exitCodes);
        } catch (RejectedExecutionException e) {
            // shutting down, or too many deletions at once
            code = CompletableFuture.completedFuture(OptionalInt.empty());
        }
        code.completeOnTimeout(OptionalInt.empty(), EXIT_CODE_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionally(e -> {
                    Log.debugf(e, "Exit code of %s unknown", name);
                    return OptionalInt.empty();
                })
                .thenAccept(exit -> events.add(new Event(name, at, EventTypes.CONTAINER_DELETION,
                        new EventData(null, new EventData.DeletionEventData(exit.orElse(-1))))));
    }

    private static List<ContainerHandlerFactory> orderFactories(List<ContainerHandlerFactory> all) {
        List<ContainerHandlerFactory> ordered = new ArrayList<>(all);
        ordered.sort(Comparator.comparing((ContainerHandlerFactory f) -> f.name().equals(RAW))
                .thenComparingInt(ContainerHandlerFactory::order));
        return List.copyOf(ordered);
    }

    // --- housekeeping -------------------------------------------------------------------------------

    private void housekeep(ContainerData data) {
        data.sampling.lock();
        try {
            if (data.removed) {
                return;
            }
            collect(data);
            Duration delay = data.schedule.nextDelay(cache.newest(data.name, 2));
            data.nextDue = clock.instant().plus(delay);
        } finally {
            data.sampling.unlock();
            data.inFlight.set(false);
        }
    }

    /** Takes one sample into the cache and the summary. Caller holds {@code data.sampling}. */
    private void collect(ContainerData data) {
        long started = System.nanoTime();
        ContainerStats stats;
        try {
            stats = data.handler.stats();
        } catch (ContainerGoneException e) {
            // the cgroup is going away; the watch or the walk removes it, its sample is simply lost
            return;
        } catch (RuntimeException e) {
            Instant now = clock.instant();
            if (data.lastErrorLog == null || !now.isBefore(data.lastErrorLog.plus(ERROR_LOG_INTERVAL))) {
                data.lastErrorLog = now;
                Log.warnf(e, "Sampling %s failed (logged at most once a minute)", data.name);
            }
            return;
        }
        if (stats == null || stats.timestamp() == null) {
            return;
        }
        stats = collectors.collect(data.handler, stats);
        cache.add(data.name, stats);
        if (storage != StorageDriver.NONE) {
            // labels() builds a map for some runtimes: only paid for when a driver is configured
            storage.add(new Sample(data.handler.reference(), data.handler.labels(), stats));
        }
        if (data.removed && !containers.contains(data.name)) {
            // removed while we were reading: do not resurrect its buffer
            cache.remove(data.name);
            return;
        }
        feedSummary(data, stats);
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        if (tookMs > Math.min(100, settings.interval().toMillis() / 2)) {
            Log.debugf("Housekeeping %s took %d ms", data.name, tookMs);
        }
    }

    /**
     * Feeds the derived stats. A partial sample missing a section the spec promises is skipped: a cpu
     * total of 0 between two real ones would read as a counter reset and then as a huge rate.
     */
    private static void feedSummary(ContainerData data, ContainerStats stats) {
        if (data.summary == null) {
            return;
        }
        boolean hasCpu = stats.cpu() != null && stats.cpu().usage() != null;
        boolean hasMemory = stats.memory() != null;
        if ((data.summary.hasCpu() && !hasCpu) || (data.summary.hasMemory() && !hasMemory)) {
            return;
        }
        data.summary.add(stats.timestamp(), hasCpu ? stats.cpu().usage().total() : 0,
                hasMemory ? stats.memory().workingSet() : 0);
    }

    // --- queries ------------------------------------------------------------------------------------

    @Override
    public MachineInfo machineInfo() {
        return machineInfo;
    }

    @Override
    public List<ContainerSnapshot> containers() {
        return snapshots(containers.all());
    }

    @Override
    public ContainerSnapshot container(String name) throws ContainerNotFoundException {
        return snapshot(data(name), clock.instant());
    }

    @Override
    public List<ContainerSnapshot> subtree(String name) {
        return snapshots(containers.subtree(normalize(name)));
    }

    @Override
    public List<ContainerReference> children(String name) {
        List<ContainerReference> found = new ArrayList<>();
        for (ContainerData data : containers.children(normalize(name))) {
            found.add(data.handler.reference());
        }
        found.sort(Comparator.comparing(ContainerReference::name));
        return found;
    }

    @Override
    public List<ContainerStats> stats(String name, Instant start, Instant end, int count)
            throws ContainerNotFoundException {
        ContainerData data = data(name);
        return cache.query(data.name, start, end, count);
    }

    @Override
    public List<ContainerSnapshot> inNamespace(String namespace) {
        return snapshots(containers.inNamespace(namespace));
    }

    @Override
    public ContainerSnapshot byAlias(String namespace, String alias) throws ContainerNotFoundException {
        return snapshot(containers.byAlias(namespace, alias), clock.instant());
    }

    @Override
    public void refreshOlderThan(Collection<String> names, Duration maxAge) {
        Instant deadline = clock.instant().plus(REFRESH_WAIT);
        long deadlineNanos = System.nanoTime() + REFRESH_WAIT.toNanos();
        for (String name : new LinkedHashSet<>(names)) {
            ContainerData data = containers.get(normalize(name));
            if (data == null || data.nextDue.equals(Instant.MAX)) {
                continue;
            }
            long waitNanos = deadlineNanos - System.nanoTime();
            try {
                if (waitNanos <= 0 || !data.sampling.tryLock(waitNanos, TimeUnit.NANOSECONDS)) {
                    Log.debugf("On-demand housekeeping gave up at %s (deadline %s)", name, deadline);
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                ContainerStats latest = cache.latest(data.name);
                Instant cutoff = clock.instant().minus(maxAge);
                if (!data.removed && (latest == null || latest.timestamp().isBefore(cutoff))) {
                    collect(data);
                }
            } finally {
                data.sampling.unlock();
            }
        }
    }

    @Override
    public Optional<DerivedStats> summary(String name) throws ContainerNotFoundException {
        ContainerData data = data(name);
        return data.summary == null ? Optional.empty() : Optional.of(data.summary.derived());
    }

    @Override
    public List<Integer> pids(String name) throws ContainerNotFoundException {
        return data(name).handler.pids();
    }

    @Override
    public List<Event> events(EventRequest request) {
        return events.query(request);
    }

    @Override
    public AutoCloseable watchEvents(EventRequest request, Consumer<Event> sink) {
        return events.watch(request, sink);
    }

    private ContainerData data(String name) throws ContainerNotFoundException {
        ContainerData data = containers.get(normalize(name));
        if (data == null) {
            throw new ContainerNotFoundException("unknown container \"" + name + "\"");
        }
        return data;
    }

    /** Snapshots sorted by name, all taken at one instant. */
    private List<ContainerSnapshot> snapshots(Collection<ContainerData> found) {
        Instant now = clock.instant();
        List<ContainerSnapshot> all = new ArrayList<>(found.size());
        for (ContainerData data : found) {
            all.add(snapshot(data, now));
        }
        all.sort(Comparator.comparing(ContainerSnapshot::name));
        return all;
    }

    private ContainerSnapshot snapshot(ContainerData data, Instant now) {
        // The cached spec with what each collector declares (e.g. application metrics).
        return new ContainerSnapshot(data.handler.reference(), collectors.spec(data.handler, data.spec(now)),
                data.handler.labels(), cache.latest(data.name));
    }

    /** {@code ""} is {@code /}; a trailing slash is dropped ({@code /docker/} = {@code /docker}). */
    static String normalize(String name) {
        if (name == null || name.isEmpty()) {
            return ROOT;
        }
        String n = name.charAt(0) == '/' ? name : "/" + name;
        while (n.length() > 1 && n.endsWith("/")) {
            n = n.substring(0, n.length() - 1);
        }
        return n;
    }

    /** Number of tracked containers. */
    public int containerCount() {
        return containers.size();
    }

    /** Names tracked now (tests). */
    Set<String> names() {
        return containers.names();
    }

    /** Parents that have children in the index; for tests that check nothing is left after churn. */
    Set<String> indexedParents() {
        return containers.indexedParents();
    }
}
