package io.jcadvisor.manager;

import io.jcadvisor.cache.StatsCache;
import io.jcadvisor.cgroup.CgroupMounts;
import io.jcadvisor.cgroup.ContainerGoneException;
import io.jcadvisor.container.Acceptance;
import io.jcadvisor.container.ContainerHandler;
import io.jcadvisor.container.ContainerHandlerFactory;
import io.jcadvisor.container.DiscoveryHint;
import io.jcadvisor.container.PendingLimits;
import io.jcadvisor.host.HostFs;
import io.jcadvisor.info.v1.ContainerSpec;
import io.quarkus.logging.Log;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The manager's discovery job (docs/architecture.md, "Discovery"): {@code /} first, then the union of
 * every directory below each {@link CgroupMounts#hierarchyRoots() hierarchy root}; between global walks
 * a {@link CgroupWatcher} reports new and removed directories, and runtimes' {@link DiscoveryHint}s
 * move a container raw took too early to its runtime. A new name is offered to the factories in
 * {@link ContainerHandlerFactory#order()} with raw last; the first answer other than
 * {@link Acceptance#NOT_MINE} decides, and the name is never re-evaluated while it exists. A
 * {@link Acceptance#PENDING} answer (the runtime is still starting the container) defers the decision:
 * the name is offered again when that runtime's hint comes, and goes to raw after the pending timeout.
 */
final class ContainerDiscovery {

    private static final String ROOT = "/";
    private static final Duration ERROR_LOG_INTERVAL = Duration.ofMinutes(1);
    /** The fallback factory's name: it takes any cgroup no runtime claims. */
    static final String RAW = "raw";

    private final HousekeepingSettings settings;
    private final Clock clock;
    private final HostFs hostFs;
    private final CgroupMounts mounts;
    private final List<ContainerHandlerFactory> factories;
    private final ContainerIndex containers;
    private final StatsCache cache;
    private final Collectors collectors;
    private final LifecycleEvents events;
    private final Supplier<RandomGenerator> randoms;
    /** Where expired pending names are offered again, off the tick's thread. */
    private final Executor workers;
    /** Told when a new container or a pending name's timeout is due (the driver's wake-up). */
    private final Consumer<Instant> due;

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
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean running;
    private volatile CgroupWatcher watcher;

    /**
     * @param factories every runtime's factory, in any order: raw goes last, the others by {@code order()}
     * @param randoms   one jitter source per container
     * @param workers   where expired pending names are offered again
     * @param due       told when a new container is first due and when a new pending name times out
     */
    ContainerDiscovery(HousekeepingSettings settings, Clock clock, HostFs hostFs, CgroupMounts mounts,
            List<ContainerHandlerFactory> factories, ContainerIndex containers, StatsCache cache,
            Collectors collectors, LifecycleEvents events, Supplier<RandomGenerator> randoms, Executor workers,
            Consumer<Instant> due) {
        this.settings = settings;
        this.clock = clock;
        this.hostFs = hostFs;
        this.mounts = mounts;
        this.factories = orderFactories(factories);
        this.containers = containers;
        this.cache = cache;
        this.collectors = collectors;
        this.events = events;
        this.randoms = randoms;
        this.workers = workers;
        this.due = due;
    }

    List<ContainerHandlerFactory> factories() {
        return factories;
    }

    /** Tracks {@code /}, starts the watch when configured, and walks every hierarchy. */
    void start() {
        running = true;
        lock.lock();
        try {
            ensureContainer(ROOT);
        } finally {
            lock.unlock();
        }
        if (settings.watch()) {
            startWatch();
        }
        walk();
    }

    /** Stops the watch and closes every handler. */
    void stop() {
        running = false;
        CgroupWatcher w = watcher;
        if (w != null) {
            w.close();
            watcher = null;
        }
        for (ContainerData data : containers.all()) {
            data.markRemoved();
            data.handler().close();
        }
        containers.clear();
        pending.clear();
    }

    /** The global walk: track new cgroups, drop vanished ones. */
    void walk() {
        if (!running) {
            return;
        }
        lock.lock();
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
            lock.unlock();
        }
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
    void hint(DiscoveryHint hint) {
        if (!running || !hint.started() || hint.id() == null || hint.id().isEmpty()) {
            return;
        }
        Log.debugf("Discovery hint from %s: %s started", hint.runtime(), hint.id());
        boolean known = false;
        lock.lock();
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
                if (data.name().contains(hint.id())) {
                    known = true;
                    if (data.factory().equals(RAW)) {
                        reclaim(data.name());
                    }
                }
            }
        } finally {
            lock.unlock();
        }
        if (!known && watchStatus().map(WatchStatus::limitHit).orElse(true)) {
            walk();
        }
    }

    /** The directory watch; empty when watching is off or failed to start. */
    Optional<WatchStatus> watchStatus() {
        CgroupWatcher w = watcher;
        return w == null ? Optional.empty() : Optional.of(w.status());
    }

    /** Moves a raw container to the first runtime factory that now accepts its name. Caller holds the lock. */
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
     * Offers the names pending for longer than the pending timeout again, on a worker (a factory may
     * wait briefly for its runtime); {@link #ensureContainer} then gives up on them. The tick calls it.
     */
    void expirePending(Instant now) {
        if (pending.isEmpty()) {
            return;
        }
        Instant cutoff = now.minus(settings.pending().timeout());
        if (pending.values().stream().noneMatch(since -> !since.isAfter(cutoff))
                || !expiring.compareAndSet(false, true)) {
            return;
        }
        try {
            workers.execute(() -> {
                lock.lock();
                try {
                    for (Map.Entry<String, Instant> entry : List.copyOf(pending.entrySet())) {
                        if (running && !entry.getValue().isAfter(cutoff)) {
                            ensureContainer(entry.getKey());
                        }
                    }
                } finally {
                    lock.unlock();
                    expiring.set(false);
                }
            });
        } catch (RejectedExecutionException e) {
            // shutting down
            expiring.set(false);
        }
    }

    /** When the oldest pending name's timeout ends; {@link Instant#MAX} when none waits. */
    Instant nextPendingExpiry() {
        Instant oldest = Instant.MAX;
        for (Instant since : pending.values()) {
            if (since.isBefore(oldest)) {
                oldest = since;
            }
        }
        return oldest.equals(Instant.MAX) ? oldest : oldest.plus(settings.pending().timeout());
    }

    private void startWatch() {
        CgroupWatcher w = new CgroupWatcher(hostFs, mounts.hierarchyRoots(), new CgroupWatcher.Listener() {
            @Override
            public void added(String name) {
                if (!running) {
                    return;
                }
                lock.lock();
                try {
                    ensureContainer(name);
                } finally {
                    lock.unlock();
                }
            }

            @Override
            public void removed(String name) {
                if (!running) {
                    return;
                }
                lock.lock();
                try {
                    ignored.remove(name);
                    pending.remove(name);
                    destroyContainer(name);
                } finally {
                    lock.unlock();
                }
            }

            @Override
            public void rescan() {
                walk();
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
     * the lock.
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
                due.accept(now.plus(settings.pending().timeout()));
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
        if (sampled) {
            due.accept(now);
        }
        events.created(name, spec, now);
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
        data.markRemoved();
        cache.remove(name);
        collectors.stopped(data.handler());
        data.handler().close();
        events.deleted(name, data.handler(), clock.instant());
        Log.debugf("Removed container %s", name);
    }

    private static List<ContainerHandlerFactory> orderFactories(List<ContainerHandlerFactory> all) {
        List<ContainerHandlerFactory> ordered = new ArrayList<>(all);
        ordered.sort(Comparator.comparing((ContainerHandlerFactory f) -> f.name().equals(RAW))
                .thenComparingInt(ContainerHandlerFactory::order));
        return List.copyOf(ordered);
    }
}
