package io.jcadvisor.container.engine;

import io.jcadvisor.cgroup.CgroupContainers;
import io.jcadvisor.container.Acceptance;
import io.jcadvisor.container.ContainerHandler;
import io.jcadvisor.container.LazyClient;
import io.jcadvisor.container.ProcessView;
import io.jcadvisor.container.DiscoveryHint;
import io.jcadvisor.config.EnabledMetrics;
import io.jcadvisor.config.MetricKind;
import io.jcadvisor.container.RuntimeAcceptor;
import io.jcadvisor.container.PendingLimits;
import io.jcadvisor.host.HostFs;
import io.quarkus.logging.Log;
import io.vertx.core.Vertx;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The work of a runtime plugin over the Docker Engine API ({@code docs/data-sources.md} §7.2), which Docker
 * and Podman both serve: claims a cgroup whose name maps to a container id
 * ({@link EngineLayout#containerId(String)}, a 64-character id in the last path element) when the
 * daemon inspects that container as running;
 * everything else, and everything while the daemon does not answer, is {@link Acceptance#NOT_MINE}
 * and falls through to raw. An absent daemon is logged once and retried in the background
 * ({@link #status()} tells {@code /validate} why). Also runs the background work of its handlers: the
 * event stream that hints discovery, inspect refreshes, and the writable-layer disk usage walk.
 *
 * <p>The CDI beans ({@code DockerFactory}, {@code PodmanFactory}) each own one, configured with their
 * daemon's names ({@link EngineRuntime}) and layout ({@link EngineLayout}: how cgroup names map to ids,
 * where a container's writable layer and own directory lie), and delegate to it.
 */
public final class EngineFactory {

    /** Bound of every daemon call. */
    public static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(3);

    /**
     * The configuration a factory uses.
     *
     * @param endpoint         {@code cadvisor.runtimes.docker.endpoint} (or {@code podman})
     * @param fallbackRoot     storage root used until the daemon names its own
     *                         ({@code cadvisor.runtimes.docker.root})
     * @param fsUsageInterval  {@code cadvisor.runtimes.docker.fs-usage-interval}
     * @param envWhitelist     {@code cadvisor.containers.env-metadata-whitelist}
     * @param pending          {@code cadvisor.containers.pending-timeout} and {@code max-pending}: bound
     *                         of the inspect of a container the daemon may still be starting
     * @param inspectRefresh   {@code cadvisor.runtimes.docker.inspect-refresh}: how stale a container's
     *                         inspect answer may get while the event stream is open (the safety net for
     *                         an event the stream lost); positive
     */
    public record Settings(boolean enabled, String endpoint, String fallbackRoot, Duration fsUsageInterval,
            List<String> envWhitelist, PendingLimits pending, Duration inspectRefresh) {

        /** The default of {@code cadvisor.runtimes.docker.inspect-refresh}. */
        public static final Duration DEFAULT_INSPECT_REFRESH = Duration.ofMinutes(10);

        /** @throws IllegalArgumentException naming the key, for an inspect refresh that is not positive */
        public Settings {
            if (inspectRefresh.isNegative() || inspectRefresh.isZero()) {
                throw new IllegalArgumentException(
                        "cadvisor.runtimes.docker.inspect-refresh must be positive: " + inspectRefresh);
            }
        }

        /** With the default inspect refresh ({@link #DEFAULT_INSPECT_REFRESH}). */
        public Settings(boolean enabled, String endpoint, String fallbackRoot, Duration fsUsageInterval,
                List<String> envWhitelist, PendingLimits pending) {
            this(enabled, endpoint, fallbackRoot, fsUsageInterval, envWhitelist, pending, DEFAULT_INSPECT_REFRESH);
        }

        /** With the default bounds on starting containers ({@link PendingLimits#DEFAULTS}). */
        public Settings(boolean enabled, String endpoint, String fallbackRoot, Duration fsUsageInterval,
                List<String> envWhitelist) {
            this(enabled, endpoint, fallbackRoot, fsUsageInterval, envWhitelist, PendingLimits.DEFAULTS);
        }
    }

    private final EngineRuntime runtime;
    private final EngineLayout layout;
    private final LazyClient<DockerClient> client;
    private final Supplier<CgroupContainers> cgroups;
    private final Consumer<DiscoveryHint> hints;
    private final Settings settings;
    private final HostFs hostFs;
    private final EnabledMetrics metrics;
    private final ScheduledThreadPoolExecutor background;
    private final ScheduledThreadPoolExecutor walker;
    private final DockerConnection connection;
    private final DockerEventWatcher events;
    private final DockerFsUsage fsUsage;
    private final DockerHandler.Context context;
    /** Inspects of new containers' cgroups (which the daemon answers once it has started them), kept for newHandler. */
    private final RuntimeAcceptor<DockerInspect, DockerException> acceptor;
    /** Open handlers by container id, told when an event names their container. */
    private final Map<String, DockerHandler> live = new ConcurrentHashMap<>();
    private volatile boolean started;

    /**
     * @param runtime  which daemon: names, namespace, messages
     * @param layout   its cgroup names and storage layout
     * @param client   the daemon's client, made on first use and never when the runtime is disabled
     * @param cgroups  opens a container's cgroup files (looked up when the first handler is made)
     * @param hints    receives a hint per container start/die/destroy event
     * @param processViews makes the per-container view of /proc (network, fds, schedstat)
     */
    public EngineFactory(EngineRuntime runtime, EngineLayout layout, LazyClient<DockerClient> client,
            Supplier<CgroupContainers> cgroups, Settings settings, HostFs hostFs, EnabledMetrics metrics, Clock clock,
            Consumer<DiscoveryHint> hints, Supplier<ProcessView> processViews) {
        this.runtime = runtime;
        this.layout = layout;
        this.client = client;
        this.cgroups = cgroups;
        this.hints = hints;
        this.settings = settings;
        this.hostFs = hostFs;
        this.metrics = metrics;
        this.background = daemonExecutor("jcadvisor-" + runtime.name());
        this.walker = daemonExecutor("jcadvisor-" + runtime.name() + "-fs");
        // The watcher and the connection tell each other: a stream end makes the connection re-probe, and
        // a daemon reached (again) reopens the stream.
        this.events = new DockerEventWatcher(runtime, client, background, hints, this::eventStreamEnded,
                this::containerChanged, this::allChanged);
        this.acceptor = new RuntimeAcceptor<>(runtime.name(), client, settings.pending(), new Daemon(),
                hints);
        this.connection = new DockerConnection(runtime, client, background, clock,
                settings.endpoint(), settings.fallbackRoot(), status -> events.start(), acceptor::offerWaitingAgain);
        this.fsUsage = new DockerFsUsage(runtime, hostFs, walker, clock, settings.fsUsageInterval());
        this.context = new DockerHandler.Context(runtime, client, background, clock, metrics, settings.envWhitelist(),
                Optional.of(fsUsage), connection::reachable, this::failed, processViews,
                events::following, settings.inspectRefresh(), handler -> live.remove(handler.id(), handler));
    }

    /**
     * A call about one container failed. An error status about one container (Podman answers 500 for
     * some races) leaves the others tracked. A call without an answer (too slow about a container
     * being started or stopped, or one connection closed under it) does not mark the daemon down by
     * itself either: a probe of the daemon ({@code /version}, {@code /info}) in the background decides.
     */
    private void failed(DockerException e) {
        if (e.answered()) {
            Log.debugf("%s answered an error: %s", runtime.displayName(), e.getMessage());
        } else {
            Log.debugf("%s gave no answer: %s; asking whether it is there", runtime.displayName(), e.getMessage());
            connection.recheck();
        }
    }

    private void eventStreamEnded() {
        allChanged();
        connection.recheck();
    }

    /**
     * The event stream ended or was opened again: events of the gap are lost, so every container is
     * inspected again at its next sample (the slow {@link Settings#inspectRefresh()} would catch them
     * only minutes later).
     */
    private void allChanged() {
        live.values().forEach(DockerHandler::inspectAgain);
    }

    private void containerChanged(String id) {
        DockerHandler handler = live.get(id);
        if (handler != null) {
            handler.inspectAgain();
        }
    }

    /** The Vert.x client for the configured endpoint, made on first use; never made when disabled. */
    public static LazyClient<DockerClient> clientFor(EngineRuntime runtime, Settings settings, Vertx vertx) {
        return LazyClient.of(runtime.name(), settings.enabled(),
                () -> new VertxDockerClient(vertx, runtime, settings.endpoint(), CLIENT_TIMEOUT));
    }

    /** A client already made (tests' fakes), behind the same disabled state as {@link #clientFor}. */
    public static LazyClient<DockerClient> clientFor(EngineRuntime runtime, Settings settings, DockerClient client) {
        return LazyClient.of(runtime.name(), settings.enabled(), () -> client);
    }


    private static ScheduledThreadPoolExecutor daemonExecutor(String name) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    /**
     * First contact with the daemon (bounded by the client timeout), then the event stream and the
     * periodic disk usage walk. Runs once, at start-up or on the first question, whichever is first.
     */
    public void ensureStarted() {
        if (started) {
            return;
        }
        synchronized (this) {
            if (started) {
                return;
            }
            // Callers racing the first probe wait for it rather than see a daemon not yet asked.
            if (client.enabled()) {
                connection.start();
                if (metrics.has(MetricKind.DISK)) {
                    long period = settings.fsUsageInterval().toMillis();
                    walker.scheduleWithFixedDelay(fsUsage::walkDue, period, period, TimeUnit.MILLISECONDS);
                }
            }
            started = true;
        }
    }

    /**
     * {@link #ensureStarted()} on this factory's background thread, for start-up: the first contact
     * (bounded by the client timeout; Podman's service takes a few hundred milliseconds to answer
     * {@code /version} and {@code /info}) then overlaps the rest of the start instead of holding
     * it. Discovery's first question about a container of this runtime waits for it, as before.
     */
    public void startInBackground() {
        try {
            background.execute(this::ensureStarted);
        } catch (RejectedExecutionException e) {
            // closed: shutting down
        }
    }

    /** Which daemon this factory talks to. */
    public EngineRuntime runtime() {
        return runtime;
    }

    /**
     * {@code ACCEPT} when the name carries a container id and the daemon inspects that container as
     * running; {@code NOT_MINE} otherwise, without a daemon call when the name does not qualify or
     * the daemon was found unreachable within the last 200 ms (else it is asked again first).
     *
     * <p>{@code PENDING} while the inspect has not answered: dockerd describes a container only once
     * it has finished starting it. The inspect goes on in the background, bounded by
     * {@code cadvisor.containers.pending-timeout} instead of the client's few seconds, and a hint
     * brings the name back when it answers. Meanwhile a background probe of {@code /version} tells a
     * daemon that is down (then the waiting names are offered again at once, and are
     * {@code NOT_MINE}) from one that is only slow about this container.
     */
    public Acceptance canHandleAndAccept(String name) {
        return acceptor.canHandleAndAccept(name, layout.containerId(name));
    }

    /**
     * A handler for an accepted name, with the inspect answer of the acceptance (asked again if it is
     * no longer at hand).
     *
     * @throws IllegalArgumentException when the name carries no container id
     * @throws IllegalStateException    when the daemon no longer knows the container or cannot be asked
     */
    public ContainerHandler newHandler(String name) {
        RuntimeAcceptor.Accepted<DockerInspect> accepted = acceptor.accepted(name, layout.containerId(name));
        String id = accepted.id();
        DockerInspect inspect = accepted.container();
        boolean measuresDisk = metrics.has(MetricKind.DISK) && trackDiskUsage(id, inspect);
        DockerHandler handler = new DockerHandler(name, id, inspect, cgroups.get().open(name), context, measuresDisk);
        live.put(id, handler);
        return handler;
    }

    /**
     * Starts measuring the writable layer when the storage driver's layout is known
     * ({@link EngineLayout#rwLayerDir}), plus the container's own directory
     * ({@link EngineLayout#containerDir}).
     */
    private boolean trackDiskUsage(String id, DockerInspect inspect) {
        DockerStatus status = connection.status();
        String root = status.rootDir();
        String driver = status.storageDriver()
                .orElse(inspect.graphDriver() == null ? "" : inspect.graphDriver().name());
        Optional<String> rwLayer = layout.rwLayerDir(hostFs, root, driver, id, inspect);
        if (rwLayer.isEmpty()) {
            Log.debugf("%s container %s: storage driver %s not measured", runtime.displayName(), id, driver);
            return false;
        }
        fsUsage.track(id, rwLayer.get(), layout.containerDir(root, driver, id));
        return true;
    }


    /** The daemon as last seen: reachability, version, storage driver, root, last error. */
    public DockerStatus status() {
        return connection.status();
    }

    /** Stops the event stream, retries and walks (at shutdown). */
    public void close() {
        events.close();
        connection.close();
        acceptor.close();
        background.shutdownNow();
        walker.shutdownNow();
        client.close();
    }

    /** What the skeleton asks of the daemon: its inspect, and the connection's state. */
    private final class Daemon implements RuntimeAcceptor.Daemon<DockerInspect, DockerException> {

        @Override
        public String displayName() {
            return runtime.displayName();
        }

        @Override
        public String namespace() {
            return runtime.namespace();
        }

        @Override
        public void ensureStarted() {
            EngineFactory.this.ensureStarted();
        }

        @Override
        public boolean reachableOrProbe() {
            return connection.reachableOrProbe();
        }

        @Override
        public boolean probeNow() {
            return connection.probeNow();
        }

        @Override
        public void recheck() {
            connection.recheck();
        }

        @Override
        public Optional<DockerInspect> lookUp(String id, Duration timeout) throws DockerException {
            return client.get().inspect(id, timeout);
        }

        @Override
        public Optional<DockerInspect> lookUp(String id) throws DockerException {
            return client.get().inspect(id);
        }

        /** dockerd describes a container being started before it runs: only a running one is taken. */
        @Override
        public boolean accepts(DockerInspect inspect) {
            return inspect.running();
        }



        @Override
        public void failed(DockerException e) {
            EngineFactory.this.failed(e);
        }

        @Override
        public Acceptance unexpected(RuntimeException e) {
            connection.failed(new DockerException(e.toString(), e));
            return Acceptance.NOT_MINE;
        }
    }
}
