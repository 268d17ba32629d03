package io.jcadvisor.container.containerd;

import io.jcadvisor.cgroup.CgroupContainers;
import io.jcadvisor.config.CadvisorConfig;
import io.jcadvisor.container.Acceptance;
import io.jcadvisor.container.Backoff;
import io.jcadvisor.container.ContainerHandler;
import io.jcadvisor.container.ContainerHandlerFactory;
import io.jcadvisor.container.DiscoveryHint;
import io.jcadvisor.container.LazyClient;
import io.jcadvisor.config.EnabledMetrics;
import io.jcadvisor.container.RuntimeAcceptor;
import io.jcadvisor.container.PendingLimits;
import io.jcadvisor.container.ProcessView;
import io.jcadvisor.container.ProcessViews;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * containerd's runtime plugin ({@code docs/data-sources.md} §7.2): claims a cgroup whose last path element
 * holds a 64-character id when {@code Containers/Get} finds that container in the configured
 * namespace (no running check, as upstream). Everything else, and everything while the daemon does
 * not answer, is {@link Acceptance#NOT_MINE} and falls through to raw. An absent socket is logged
 * once at info level; the daemon is asked again after {@link #MIN_RETRY}, doubling up to
 * {@link #MAX_RETRY} while it stays away (an absent socket costs one failed connect), so a containerd
 * started after the agent is picked up. While the
 * daemon answers, its event stream turns task starts and deletions into
 * {@link DiscoveryHint}s (discovery looks at once instead of at the next walk) and keeps the pid of
 * a restarted task current.
 */
@ApplicationScoped
public class ContainerdFactory implements ContainerHandlerFactory {

    /** Bound of every daemon call (upstream: 2 s). */
    static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(2);
    /** How long an unreachable daemon is not asked again. */
    static final Duration MIN_RETRY = Duration.ofSeconds(1);
    static final Duration MAX_RETRY = Duration.ofSeconds(30);
    /** Task lookups while the task is not there yet: first try plus retries 100 ms apart, doubling (upstream: 5). */
    static final int PID_ATTEMPTS = 5;
    static final Duration PID_FIRST_RETRY = Duration.ofMillis(100);
    /** Wait before reopening an event stream that ended while the daemon still answers. */
    static final Duration RESUBSCRIBE = Duration.ofSeconds(1);

    /**
     * The configuration this factory uses.
     *
     * @param envWhitelist {@code cadvisor.containers.env-metadata-whitelist}
     * @param pending      {@code cadvisor.containers.pending-timeout} and {@code max-pending}: bound of
     *                     {@code Containers/Get} for a new container's cgroup
     */
    public record Settings(boolean enabled, String endpoint, String namespace, List<String> envWhitelist,
            PendingLimits pending) {

        /** With the default bounds on pending containers ({@link PendingLimits#DEFAULTS}). */
        public Settings(boolean enabled, String endpoint, String namespace, List<String> envWhitelist) {
            this(enabled, endpoint, namespace, envWhitelist, PendingLimits.DEFAULTS);
        }

        static Settings of(CadvisorConfig config) {
            CadvisorConfig.Runtimes.Containerd c = config.runtimes().containerd();
            return new Settings(c.enabled(), c.endpoint(), c.namespace(),
                    config.containers().envMetadataWhitelist().orElse(List.of()), PendingLimits.from(config));
        }
    }

    private final LazyClient<ContainerdClient> client;
    private final Supplier<CgroupContainers> cgroups;
    private final Settings settings;
    private final Supplier<ProcessView> processViews;
    private final Consumer<DiscoveryHint> hints;
    private final AtomicReference<Subscription> events = new AtomicReference<>();
    private volatile boolean closed;
    private final ScheduledThreadPoolExecutor background;
    private final ContainerdHandler.Context context;
    /** {@code Containers/Get} of new containers' cgroups (a busy daemon may answer late), kept for newHandler. */
    private final RuntimeAcceptor<ContainerdContainer, ContainerdException> acceptor;
    /** Open handlers by cgroup name. */
    private final Map<String, ContainerdHandler> live = new ConcurrentHashMap<>();
    private volatile boolean started;
    private volatile Optional<ContainerdVersion> version = Optional.empty();
    private volatile Optional<String> lastError = Optional.empty();
    /** Guarded by this, like {@link #probe()}. */
    private final Backoff backoff;
    private volatile boolean absenceLogged;

    @Inject
    public ContainerdFactory(CadvisorConfig config, Vertx vertx, Instance<CgroupContainers> cgroups,
            EnabledMetrics metrics, ProcessViews processViews, Event<DiscoveryHint> hints, Clock clock) {
        // The manager observes hints asynchronously: a plain fire() would reach no one.
        this(clientFor(Settings.of(config), vertx), () -> cgroups.get(), Settings.of(config), metrics,
                processViews::newView, hints::fireAsync, clock);
    }

    /** With a client already made (tests' fakes), behind the same disabled state as the Vert.x one. */
    public ContainerdFactory(ContainerdClient client, Supplier<CgroupContainers> cgroups, Settings settings,
            EnabledMetrics metrics, Supplier<ProcessView> processViews, Consumer<DiscoveryHint> hints,
            Clock clock) {
        this(LazyClient.of("containerd", settings.enabled(), () -> client), cgroups, settings, metrics, processViews,
                hints, clock);
    }

    /**
     * @param client       the daemon's client, made on first use and never when containerd is disabled
     * @param cgroups      opens a container's cgroup files (looked up when the first handler is made)
     * @param processViews makes the per-container view of /proc (network, fds, ulimits)
     * @param hints        receives a hint per task start/exit/delete and container create/delete event
     */
    public ContainerdFactory(LazyClient<ContainerdClient> client, Supplier<CgroupContainers> cgroups,
            Settings settings, EnabledMetrics metrics, Supplier<ProcessView> processViews,
            Consumer<DiscoveryHint> hints, Clock clock) {
        this.client = client;
        this.backoff = new Backoff(clock, MIN_RETRY, MAX_RETRY);
        this.cgroups = cgroups;
        this.settings = settings;
        this.processViews = processViews;
        this.hints = hints;
        this.background = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "jcadvisor-containerd");
            t.setDaemon(true);
            return t;
        });
        background.setRemoveOnCancelPolicy(true);
        this.acceptor = new RuntimeAcceptor<>(name(), client, settings.pending(), new Daemon(), hints);
        this.context = new ContainerdHandler.Context(metrics, settings.envWhitelist(),
                handler -> live.remove(handler.reference().name(), handler));
    }

    /** The gRPC client for the configured socket, made on first use; never made when disabled. */
    private static LazyClient<ContainerdClient> clientFor(Settings settings, Vertx vertx) {
        return LazyClient.of("containerd", settings.enabled(),
                () -> new GrpcContainerdClient(vertx, settings.endpoint(), settings.namespace(), CLIENT_TIMEOUT));
    }

    /**
     * First contact with the daemon on the background thread (before the manager's discovery starts,
     * which waits for it when it asks about a container): it is not on the start path
     * (bench/README.md, "Start-up").
     */
    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION) StartupEvent event) {
        try {
            background.execute(this::ensureStarted);
        } catch (RejectedExecutionException e) {
            // closed: shutting down
        }
    }

    /** First contact with the daemon, bounded by the client timeout; once. */
    public void ensureStarted() {
        if (started) {
            return;
        }
        synchronized (this) {
            if (started) {
                return;
            }
            if (client.enabled()) {
                probe();
            }
            started = true;
        }
    }

    /** Asks the daemon's version; logs the first failure and every recovery. */
    private synchronized boolean probe() {
        try {
            ContainerdVersion v = client.get().version();
            boolean was = version.isPresent();
            version = Optional.of(v);
            lastError = Optional.empty();
            if (!was) {
                Log.infof("containerd %s at %s: tracking containers of namespace %s", v.version(),
                        settings.endpoint(), settings.namespace());
            }
            absenceLogged = false;
            backoff.succeeded();
            subscribe();
            return true;
        } catch (ContainerdException | RuntimeException e) {
            unreachable(e);
            return false;
        }
    }

    /** Opens the event stream unless one is open. */
    private void subscribe() {
        if (closed) {
            return;
        }
        Subscription subscription = new Subscription();
        if (!events.compareAndSet(null, subscription)) {
            return;
        }
        subscription.handle = client.get().events(this::onEvent, cause -> eventsEnded(subscription, cause));
    }

    /** An open event stream; its handle is set once the call is made (it may end before that). */
    private static final class Subscription {
        volatile AutoCloseable handle;
    }

    /**
     * Hints on a task's start and deletion only: the cgroup exists by the first and is gone by the
     * second; the stream's other topics (create, exit, container create/delete) would only cost
     * more discovery walks. An init process's exit goes to its handler, for the deletion event.
     */
    private void onEvent(ContainerdEvent event) {
        if (event.exitStatus().isPresent()) {
            for (ContainerdHandler handler : live.values()) {
                if (handler.id().equals(event.containerId())) {
                    handler.exited(event.exitStatus().getAsInt());
                }
            }
            return;
        }
        if (!event.started() && !ContainerdEvent.TASK_DELETE.equals(event.topic())) {
            return;
        }
        hints.accept(new DiscoveryHint(name(), event.containerId(), event.started()));
        if (event.started() && event.pid() > 0) {
            for (ContainerdHandler handler : live.values()) {
                if (handler.id().equals(event.containerId())) {
                    handler.started(event.pid());
                }
            }
        }
    }

    /** The stream ended (daemon stopped or restarted): reopen it while the daemon answers. */
    private void eventsEnded(Subscription subscription, Throwable cause) {
        if (!events.compareAndSet(subscription, null) || closed) {
            return;
        }
        Log.debugf("containerd event stream ended: %s", cause == null ? "by the daemon" : cause.toString());
        try {
            // A daemon that answers gets a new stream (probe subscribes); else the next probe does it.
            background.schedule(this::probe, RESUBSCRIBE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Shutting down.
        }
    }

    /** Whether the event stream is open (tests). */
    boolean following() {
        return events.get() != null;
    }

    private void unreachable(Exception e) {
        boolean was = version.isPresent();
        version = Optional.empty();
        if (was) {
            // Containers waiting for their answer go to raw now, as any of an absent daemon.
            acceptor.offerWaitingAgain();
        }
        lastError = Optional.of(e.getMessage() == null ? e.toString() : e.getMessage());
        synchronized (this) {
            backoff.failed();
        }
        if (!absenceLogged) {
            absenceLogged = true;
            Log.infof("containerd not available (%s): containerd support off, asking again after %d s, then "
                    + "less often (at most every %d s)", lastError.get(), MIN_RETRY.toSeconds(), MAX_RETRY.toSeconds());
        }
    }

    private boolean reachableOrProbe() {
        if (version.isPresent()) {
            return true;
        }
        boolean due;
        synchronized (this) {
            due = backoff.due();
        }
        return due && probe();
    }

    @Override
    public String name() {
        return "containerd";
    }

    /** After Docker (10): Docker's own containerd keeps its containers in namespace {@code moby}. */
    @Override
    public int order() {
        return 20;
    }

    /**
     * {@code ACCEPT} when the name carries a container id and containerd knows that container in the
     * configured namespace; {@code NOT_MINE} otherwise, without a daemon call when the name does not
     * qualify or the daemon is off.
     *
     * <p>{@code PENDING} while {@code Containers/Get} has not answered: it goes on in the background,
     * bounded by {@code cadvisor.containers.pending-timeout} instead of the client's 2 s, a hint brings
     * the name back when it answers, and a background {@code Version} call tells a daemon that is down
     * from one that is only slow.
     */
    @Override
    public Acceptance canHandleAndAccept(String name) {
        return acceptor.canHandleAndAccept(name, ContainerdNames.containerId(name));
    }

    /**
     * A call failed. A call without an answer (too slow, one stream reset) is no sign of an absent
     * daemon by itself: a {@code Version} call in the background decides.
     */
    private void failed(ContainerdException e) {
        if (e.unavailable()) {
            Log.debugf("containerd gave no answer: %s; asking whether it is there", e.getMessage());
            recheck();
        } else {
            Log.debugf("containerd: %s", e.getMessage());
        }
    }

    /** Asks the daemon's version in the background (a failure marks it unreachable). */
    private void recheck() {
        try {
            background.execute(this::probe);
        } catch (RejectedExecutionException e) {
            // Shutting down.
        }
    }

    /**
     * A handler for an accepted name, with the answer of the acceptance (asked again if it is no
     * longer at hand). The task's pid is asked once now and, while the task is not found or its
     * status unknown, again in the background.
     *
     * @throws IllegalArgumentException when the name carries no container id
     * @throws IllegalStateException    when containerd no longer knows the container or cannot be asked
     */
    @Override
    public ContainerHandler newHandler(String name) {
        ContainerdContainer container = acceptor.accepted(name, ContainerdNames.containerId(name)).container();
        ContainerdHandler handler = new ContainerdHandler(name, container, cgroups.get().open(name),
                processViews.get(), context);
        live.put(name, handler);
        lookUpPid(handler, 1, PID_FIRST_RETRY);
        return handler;
    }

    /** One task lookup; schedules the next while the task is missing or unknown and attempts remain. */
    private void lookUpPid(ContainerdHandler handler, int attempt, Duration nextDelay) {
        if (live.get(handler.reference().name()) != handler) {
            return;
        }
        try {
            Optional<ContainerdTask> task = client.get().task(handler.id());
            if (task.isPresent() && task.get().status() != ContainerdTask.Status.UNKNOWN && task.get().pid() > 0) {
                handler.mainPid(task.get().pid());
                return;
            }
        } catch (ContainerdException e) {
            failed(e);
            return;
        }
        if (attempt >= PID_ATTEMPTS) {
            Log.debugf("containerd container %s: no task after %d lookups, no pid", handler.id(), attempt);
            return;
        }
        try {
            background.schedule(() -> lookUpPid(handler, attempt + 1, nextDelay.multipliedBy(2)),
                    nextDelay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Shutting down.
        }
    }

    /** The daemon as last seen: version, last error. */
    public ContainerdStatus status() {
        return new ContainerdStatus(settings.enabled(), settings.endpoint(), settings.namespace(), version, lastError);
    }

    /** Stops pending task lookups and closes the connection (at shutdown). */
    @PreDestroy
    public void close() {
        closed = true;
        Subscription subscription = events.getAndSet(null);
        AutoCloseable stream = subscription == null ? null : subscription.handle;
        if (stream != null) {
            try {
                stream.close();
            } catch (Exception e) {
                Log.debugf("containerd event stream close: %s", e);
            }
        }
        background.shutdownNow();
        acceptor.close();
        client.close();
    }

    /** What the skeleton asks of containerd: {@code Containers/Get}, and the connection's state. */
    private final class Daemon implements RuntimeAcceptor.Daemon<ContainerdContainer, ContainerdException> {

        @Override
        public String displayName() {
            return name();
        }

        @Override
        public String namespace() {
            return settings.namespace();
        }

        @Override
        public void ensureStarted() {
            ContainerdFactory.this.ensureStarted();
        }

        @Override
        public boolean reachableOrProbe() {
            return ContainerdFactory.this.reachableOrProbe();
        }

        @Override
        public boolean probeNow() {
            return probe();
        }

        @Override
        public void recheck() {
            ContainerdFactory.this.recheck();
        }

        @Override
        public Optional<ContainerdContainer> lookUp(String id, Duration timeout) throws ContainerdException {
            return client.get().container(id, timeout);
        }

        @Override
        public Optional<ContainerdContainer> lookUp(String id) throws ContainerdException {
            return client.get().container(id);
        }

        /** Any container of the namespace, running or not, as upstream. */
        @Override
        public boolean accepts(ContainerdContainer container) {
            return true;
        }



        @Override
        public void failed(ContainerdException e) {
            ContainerdFactory.this.failed(e);
        }

        /** Not expected of the gRPC client: passed on, as before the skeleton. */
        @Override
        public Acceptance unexpected(RuntimeException e) {
            throw e;
        }
    }
}
