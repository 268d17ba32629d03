package io.jcadvisor.manager;

import io.jcadvisor.cache.StatsCache;
import io.jcadvisor.cgroup.CgroupMounts;
import io.jcadvisor.config.CadvisorConfig;
import io.jcadvisor.container.ContainerCollector;
import io.jcadvisor.container.ContainerHandlerFactory;
import io.jcadvisor.container.DiscoveryHint;
import io.jcadvisor.events.EventSink;
import io.jcadvisor.host.HostFs;
import io.jcadvisor.info.v1.MachineInfo;
import io.jcadvisor.machine.MachineInfoSource;
import io.jcadvisor.storage.StorageDriver;
import io.jcadvisor.storage.StorageDrivers;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The container manager (upstream {@code manager.manager}): its lifecycle, and the jobs it wires
 * together over one {@link ContainerIndex}. {@link ContainerDiscovery} finds cgroups and gives each a
 * runtime's handler; {@link ContainerSampler} samples them on their housekeeping cadence into the
 * {@link StatsCache}; {@link LifecycleEvents} reports creations and deletions to the {@link EventSink};
 * {@link ContainerQueryService} answers the API and {@code /metrics}. Knows nothing about HTTP.
 * docs/architecture.md follows one container through them.
 *
 * <p>{@link Housekeeping} drives it: {@link #housekeepingTick(Duration)} from the {@link HousekeepingDriver}
 * whenever something is due, {@link #globalHousekeeping()} and {@link #refreshMachineInfo()} on their
 * intervals. Time comes from the injected {@link Clock} only.
 */
@ApplicationScoped
public class ContainerManager {

    private final HousekeepingSettings settings;
    private final Clock clock;
    private final HostFs hostFs;
    private final CgroupMounts mounts;
    private final MachineInfoSource machineSource;
    private final Supplier<List<ContainerHandlerFactory>> factorySource;
    private final StatsCache cache;
    private final Supplier<RandomGenerator> randoms;
    private final Collectors collectors;
    private final LifecycleEvents events;
    private final ContainerIndex containers = new ContainerIndex();
    private final ContainerSampler sampler;
    private final ManagerPools pools;

    private volatile ContainerDiscovery discovery;
    private volatile MachineInfo machineInfo;
    private volatile boolean discovered;
    private volatile boolean running;
    private volatile Instant lastTick;
    private volatile Instant startedAt;
    private volatile Consumer<Instant> dueListener = at -> { };

    @Inject
    public ContainerManager(CadvisorConfig config, Clock clock, HostFs hostFs, CgroupMounts mounts,
            MachineInfoSource machineSource, Instance<ContainerHandlerFactory> factories,
            Instance<ContainerCollector> collectors, StatsCache cache, EventSink events, StorageDrivers storage,
            ManagerPools pools) {
        this(HousekeepingSettings.from(config), clock, hostFs, mounts, machineSource,
                () -> factories.stream().toList(), collectors.stream().toList(), cache, events,
                storage.isEmpty() ? StorageDriver.NONE : storage, SplittableRandom::new, pools);
    }

    /**
     * For tests and embedding.
     *
     * @param factories  read at {@link #start()}
     * @param collectors extra per-container sources (app metrics, perf, resctrl)
     * @param storage    where samples are exported besides the cache ({@link StorageDriver#NONE}: nowhere)
     * @param randoms    one jitter source per container
     * @param pools      where samples are taken and exit codes awaited
     */
    public ContainerManager(HousekeepingSettings settings, Clock clock, HostFs hostFs, CgroupMounts mounts,
            MachineInfoSource machineSource, Supplier<List<ContainerHandlerFactory>> factories,
            List<ContainerCollector> collectors, StatsCache cache, EventSink events, StorageDriver storage,
            Supplier<RandomGenerator> randoms, ManagerPools pools) {
        this.settings = settings;
        this.clock = clock;
        this.hostFs = hostFs;
        this.mounts = mounts;
        this.machineSource = machineSource;
        this.factorySource = factories;
        this.cache = cache;
        this.randoms = randoms;
        this.collectors = new Collectors(collectors);
        this.events = new LifecycleEvents(events, pools.exitCodes());
        this.pools = pools;
        this.sampler = new ContainerSampler(containers, cache, this.collectors, storage, settings, clock,
                pools.housekeeping(), this::due);
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
        ContainerDiscovery d = new ContainerDiscovery(settings, clock, hostFs, mounts, factorySource.get(),
                containers, cache, collectors, events, randoms, pools.housekeeping(), this::due);
        Log.infof("Container factories in order: %s", d.factories().stream().map(ContainerHandlerFactory::name)
                .toList());
        refreshMachineInfo();
        discovery = d;
        running = true;
        d.start();
        discovered = true;
        Log.infof("Tracking %d containers", containers.size());
    }

    /** Stops the watch and closes every handler. */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        discovery.stop();
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
        if (running) {
            discovery.walk();
        }
    }

    void onHint(@ObservesAsync DiscoveryHint hint) {
        hint(hint);
    }

    /** A runtime saw a container start: see {@link ContainerDiscovery#hint}. */
    public void hint(DiscoveryHint hint) {
        if (running) {
            discovery.hint(hint);
        }
    }

    /** A pass that takes only what is due now: {@link #housekeepingTick(Duration)} with zero. */
    public Instant housekeepingTick() {
        return housekeepingTick(Duration.ZERO);
    }

    /**
     * One pass of the {@link HousekeepingDriver}: hands every container due by {@code ahead} from now to the
     * workers, at most once each, offers names that waited too long for their runtime again, and records the
     * pass for liveness.
     *
     * @param ahead how far ahead of its due time a container may be taken (half the driver's slack)
     * @return when something is due next (a container, or a pending name's timeout); {@link Instant#MAX}
     *         when nothing is. Containers handed out now report their next due time to the
     *         {@link #onDue listener} when sampled, as do new containers and new pending names.
     */
    public Instant housekeepingTick(Duration ahead) {
        if (!running) {
            return Instant.MAX;
        }
        Instant now = clock.instant();
        ContainerDiscovery d = discovery;
        d.expirePending(now);
        Instant next = sampler.tick(now.plus(ahead));
        Instant pendingDue = d.nextPendingExpiry();
        lastTick = clock.instant();
        return pendingDue.isBefore(next) ? pendingDue : next;
    }

    /**
     * Sets who is told when something becomes due (the driver, to wake early): a new container, a sample
     * done, a name now waiting for its runtime. Called from discovery and worker threads; must be cheap.
     */
    public void onDue(Consumer<Instant> listener) {
        dueListener = listener;
    }

    private void due(Instant at) {
        dueListener.accept(at);
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
        ContainerDiscovery d = discovery;
        return d == null ? Optional.empty() : d.watchStatus();
    }

    /** Number of tracked containers. */
    public int containerCount() {
        return containers.size();
    }

    /** The machine, as last read; null before the first read succeeded. */
    MachineInfo machineInfo() {
        return machineInfo;
    }

    ContainerIndex containers() {
        return containers;
    }

    StatsCache cache() {
        return cache;
    }

    Collectors collectors() {
        return collectors;
    }

    ContainerSampler sampler() {
        return sampler;
    }

    Clock clock() {
        return clock;
    }
}
