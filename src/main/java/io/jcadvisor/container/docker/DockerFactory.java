package io.jcadvisor.container.docker;

import io.jcadvisor.cgroup.CgroupContainers;
import io.jcadvisor.config.CadvisorConfig;
import io.jcadvisor.container.Acceptance;
import io.jcadvisor.container.ContainerHandler;
import io.jcadvisor.container.ContainerHandlerFactory;
import io.jcadvisor.container.ProcessView;
import io.jcadvisor.container.ProcessViews;
import io.jcadvisor.container.DiscoveryHint;
import io.jcadvisor.container.EnabledMetrics;
import io.jcadvisor.container.MetricKind;
import io.jcadvisor.host.HostFs;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Docker's runtime plugin ({@code data-sources.md} §7.2): claims a cgroup whose last path element
 * holds a 64-character id ({@code /docker/<id>}, {@code /system.slice/docker-<id>.scope}) when
 * {@code docker inspect} says that container is running; everything else, and everything while the
 * daemon does not answer, is {@link Acceptance#NOT_MINE} and falls through to raw. An absent daemon
 * is logged once and retried in the background ({@link #status()} tells {@code /validate} why).
 * Also runs the background work of its handlers: the event stream that hints discovery, inspect
 * refreshes, and the writable-layer disk usage walk.
 */
@ApplicationScoped
public class DockerFactory implements ContainerHandlerFactory {

    /** Upstream's container id rule: 64 consecutive {@code [a-z0-9]} anywhere in the last element. */
    static final Pattern ID = Pattern.compile("([a-z0-9]{64})");
    /** Bound of every daemon call. */
    static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(3);
    /** Inspect answers kept between {@code canHandleAndAccept} and {@code newHandler}; bounded. */
    private static final int MAX_ACCEPTED = 1024;

    /**
     * The configuration this factory uses.
     *
     * @param endpoint         {@code cadvisor.runtimes.docker.endpoint}
     * @param fallbackRoot     {@code cadvisor.runtimes.docker.root}, used until the daemon names its root
     * @param fsUsageInterval  {@code cadvisor.runtimes.docker.fs-usage-interval}
     * @param envWhitelist     {@code cadvisor.containers.env-metadata-whitelist}
     */
    public record Settings(boolean enabled, String endpoint, String fallbackRoot, Duration fsUsageInterval,
            List<String> envWhitelist) {

        static Settings of(CadvisorConfig config) {
            CadvisorConfig.Runtimes.Docker d = config.runtimes().docker();
            return new Settings(d.enabled(), d.endpoint(), d.root(), d.fsUsageInterval(),
                    config.containers().envMetadataWhitelist().orElse(List.of()));
        }
    }

    private final DockerClient client;
    private final Supplier<CgroupContainers> cgroups;
    private final Settings settings;
    private final HostFs hostFs;
    private final EnabledMetrics metrics;
    private final ScheduledThreadPoolExecutor background;
    private final ScheduledThreadPoolExecutor walker;
    private final DockerConnection connection;
    private final DockerEventWatcher events;
    private final DockerFsUsage fsUsage;
    private final DockerHandler.Context context;
    private final Map<String, DockerInspect> accepted = new ConcurrentHashMap<>();
    /** Open handlers by container id, told when an event names their container. */
    private final Map<String, DockerHandler> live = new ConcurrentHashMap<>();
    private volatile boolean started;

    @Inject
    public DockerFactory(CadvisorConfig config, Vertx vertx, Instance<CgroupContainers> cgroups, HostFs hostFs,
            EnabledMetrics metrics, Clock clock, Event<DiscoveryHint> hints, ProcessViews processViews) {
        this(clientFor(Settings.of(config), vertx), () -> cgroups.get(), Settings.of(config), hostFs, metrics, clock,
                hints::fire, processViews::newView);
    }

    /** As below, without /proc views: for tests of the Docker side alone. */
    public DockerFactory(DockerClient client, Supplier<CgroupContainers> cgroups, Settings settings, HostFs hostFs,
            EnabledMetrics metrics, Clock clock, Consumer<DiscoveryHint> hints) {
        this(client, cgroups, settings, hostFs, metrics, clock, hints, ProcessView::none);
    }

    /**
     * @param cgroups  opens a container's cgroup files (looked up when the first handler is made)
     * @param hints    receives a hint per container start/die/destroy event
     * @param processViews makes the per-container view of /proc (network, fds, schedstat)
     */
    public DockerFactory(DockerClient client, Supplier<CgroupContainers> cgroups, Settings settings, HostFs hostFs,
            EnabledMetrics metrics, Clock clock, Consumer<DiscoveryHint> hints,
            Supplier<ProcessView> processViews) {
        this.client = client;
        this.cgroups = cgroups;
        this.settings = settings;
        this.hostFs = hostFs;
        this.metrics = metrics;
        this.background = daemonExecutor("jcadvisor-docker");
        this.walker = daemonExecutor("jcadvisor-docker-fs");
        // The watcher and the connection tell each other: a stream end makes the connection re-probe, and
        // a daemon reached (again) reopens the stream.
        this.events = new DockerEventWatcher(client, background, hints, this::eventStreamEnded, this::containerChanged);
        this.connection = new DockerConnection(client, background, clock, settings.enabled(), settings.endpoint(),
                settings.fallbackRoot(), status -> events.start());
        this.fsUsage = new DockerFsUsage(walker, clock, settings.fsUsageInterval());
        this.context = new DockerHandler.Context(client, background, clock, metrics, settings.envWhitelist(),
                Optional.of(fsUsage), connection::reachable, connection::failed, processViews,
                events::following, handler -> live.remove(handler.id(), handler));
    }

    private void eventStreamEnded() {
        connection.recheck();
    }

    private void containerChanged(String id) {
        DockerHandler handler = live.get(id);
        if (handler != null) {
            handler.inspectAgain();
        }
    }

    private static DockerClient clientFor(Settings settings, Vertx vertx) {
        if (!settings.enabled()) {
            return new DisabledClient();
        }
        return new VertxDockerClient(vertx, settings.endpoint(), CLIENT_TIMEOUT);
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

    void onStart(@Observes StartupEvent event) {
        ensureStarted();
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
            if (settings.enabled()) {
                connection.start();
                if (metrics.has(MetricKind.DISK)) {
                    long period = settings.fsUsageInterval().toMillis();
                    walker.scheduleWithFixedDelay(fsUsage::walkDue, period, period, TimeUnit.MILLISECONDS);
                }
            }
            started = true;
        }
    }

    @Override
    public String name() {
        return "docker";
    }

    @Override
    public int order() {
        return 10;
    }

    /**
     * The container id in a cgroup name: 64 consecutive {@code [a-z0-9]} in the last path element;
     * empty for {@code .mount} units and names without one. Pure: no daemon call.
     */
    static Optional<String> containerId(String name) {
        if (name.endsWith(".mount")) {
            return Optional.empty();
        }
        Matcher m = ID.matcher(name.substring(name.lastIndexOf('/') + 1));
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /**
     * {@code ACCEPT} when the name carries a container id and Docker inspects that container as
     * running; {@code NOT_MINE} otherwise, without a daemon call when the name does not qualify or
     * the daemon was found unreachable within the last 200 ms (else it is asked again first).
     */
    @Override
    public Acceptance canHandleAndAccept(String name) {
        Optional<String> id = containerId(name);
        if (id.isEmpty()) {
            return Acceptance.NOT_MINE;
        }
        ensureStarted();
        if (!connection.reachableOrProbe()) {
            return Acceptance.NOT_MINE;
        }
        try {
            Optional<DockerInspect> inspect = client.inspect(id.get());
            if (inspect.isEmpty() || !inspect.get().running()) {
                return Acceptance.NOT_MINE;
            }
            if (accepted.size() >= MAX_ACCEPTED) {
                accepted.clear();
            }
            accepted.put(name, inspect.get());
            return Acceptance.ACCEPT;
        } catch (DockerException e) {
            connection.failed(e);
            return Acceptance.NOT_MINE;
        } catch (RuntimeException e) {
            connection.failed(new DockerException(e.toString(), e));
            return Acceptance.NOT_MINE;
        }
    }

    /**
     * A handler for an accepted name, with the inspect answer of the acceptance (asked again if it is
     * no longer at hand).
     *
     * @throws IllegalArgumentException when the name carries no container id
     * @throws IllegalStateException    when Docker no longer knows the container or cannot be asked
     */
    @Override
    public ContainerHandler newHandler(String name) {
        String id = containerId(name).orElseThrow(() -> new IllegalArgumentException("not a Docker cgroup: " + name));
        DockerInspect inspect = accepted.remove(name);
        if (inspect == null) {
            try {
                inspect = client.inspect(id).orElseThrow(
                        () -> new IllegalStateException("unable to find container \"" + id + "\" in \"docker\" namespace"));
            } catch (DockerException e) {
                connection.failed(e);
                throw new IllegalStateException("Docker container " + id + ": " + e.getMessage(), e);
            }
        }
        boolean measuresDisk = metrics.has(MetricKind.DISK) && trackDiskUsage(id, inspect);
        DockerHandler handler = new DockerHandler(name, id, inspect, cgroups.get().open(name), context, measuresDisk);
        live.put(id, handler);
        return handler;
    }

    /**
     * Starts measuring the writable layer when the storage driver's layout is known: overlay2
     * {@code <root>/overlay2/<mount-id>/diff}, overlay {@code <root>/overlay/<mount-id>/upper}, with
     * mount-id from {@code <root>/image/<driver>/layerdb/mounts/<id>/mount-id}; else the driver's own
     * {@code UpperDir}. Plus {@code <root>/containers/<id>} (logs, config).
     */
    private boolean trackDiskUsage(String id, DockerInspect inspect) {
        DockerStatus status = connection.status();
        String root = status.rootDir();
        String driver = status.storageDriver()
                .orElse(inspect.graphDriver() == null ? "" : inspect.graphDriver().name());
        Optional<String> rwLayer = rwLayerDir(root, driver, id, inspect);
        if (rwLayer.isEmpty()) {
            Log.debugf("Docker container %s: storage driver %s not measured", id, driver);
            return false;
        }
        Path rw = hostFs.resolve(rwLayer.get());
        Path dir = hostFs.resolve(root + "/containers/" + id);
        fsUsage.track(id, rw, dir);
        return true;
    }

    /** Host path of a container's writable layer, from the layer database or the driver's data. */
    Optional<String> rwLayerDir(String root, String driver, String id, DockerInspect inspect) {
        String layout = switch (driver) {
            case "overlay2" -> "diff";
            case "overlay" -> "upper";
            default -> null;
        };
        if (layout != null) {
            Optional<String> mountId = hostFs.readString(root + "/image/" + driver + "/layerdb/mounts/" + id + "/mount-id")
                    .map(String::trim).filter(s -> s.matches("[A-Za-z0-9_.-]+"));
            if (mountId.isPresent()) {
                return Optional.of(root + "/" + driver + "/" + mountId.get() + "/" + layout);
            }
        }
        if (inspect.graphDriver() != null && inspect.graphDriver().data() != null) {
            String upper = inspect.graphDriver().data().get("UpperDir");
            if (upper != null && upper.startsWith("/")) {
                return Optional.of(upper);
            }
        }
        return Optional.empty();
    }

    /** The daemon as last seen: reachability, version, storage driver, root, last error. */
    public DockerStatus status() {
        return connection.status();
    }

    /** The client, for the lead's wiring (e.g. listing containers for {@code /validate}). */
    public DockerClient client() {
        return client;
    }

    /** Stops the event stream, retries and walks (at shutdown). */
    @PreDestroy
    public void close() {
        events.close();
        connection.close();
        background.shutdownNow();
        walker.shutdownNow();
        if (client instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                Log.debugf("Docker client close: %s", e);
            }
        }
    }

    /** Stands in for the client when {@code cadvisor.runtimes.docker.enabled=false}: never called. */
    private static final class DisabledClient implements DockerClient {

        private static DockerException disabled() {
            return new DockerException("docker disabled by configuration");
        }

        @Override
        public DockerVersion version() throws DockerException {
            throw disabled();
        }

        @Override
        public DockerInfo info() throws DockerException {
            throw disabled();
        }

        @Override
        public Optional<DockerInspect> inspect(String id) throws DockerException {
            throw disabled();
        }

        @Override
        public List<DockerContainerSummary> listContainers() throws DockerException {
            throw disabled();
        }

        @Override
        public AutoCloseable events(Consumer<DockerEvent> onEvent, Consumer<Throwable> onEnd) {
            return () -> {
            };
        }
    }
}
