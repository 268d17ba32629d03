package io.jcadvisor.container.engine;

import io.jcadvisor.container.Backoff;
import io.jcadvisor.container.LazyClient;
import io.quarkus.logging.Log;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Whether the daemon (Docker, or Podman's service) answers, kept up to date: asked once at start (synchronously, bounded by the
 * client's timeout, so that discovery at start-up sees Docker's containers), then, while it does not
 * answer, again in the background with a doubling delay (1 s up to 1 min). The failure is logged
 * once per outage, the recovery once.
 *
 * <p>Two signs shortcut the wait: the event stream ending ({@link #recheck()}: a daemon that stops
 * says nothing else, as its containers' cgroups vanish without a call to it), and a new container
 * cgroup while the daemon is thought absent ({@link #reachableOrProbe()}: a restarted daemon is
 * creating it, and a cgroup offered to raw meanwhile would stay raw for its lifetime).
 *
 * <p>Only a failed probe or a call that could not reach the daemon counts as an outage: a call that
 * only took too long about one container does not (the factory asks for a {@link #recheck()}
 * instead). {@code onUnreachable} hears each change from reachable to unreachable.
 *
 * <p>For a runtime that is {@link EngineRuntime#quietUntilReached() quiet until reached} (Podman), an
 * endpoint that has never answered is logged once at info level: the runtime is off, not broken, and
 * is picked up by the same background retries if it starts later.
 */
final class DockerConnection {

    static final Duration MIN_RETRY = Duration.ofSeconds(1);
    static final Duration MAX_RETRY = Duration.ofMinutes(1);
    /** Least time between two probes on a caller's thread while the daemon is thought absent. */
    static final Duration PROBE_SPACING = Duration.ofMillis(200);

    private final EngineRuntime runtime;
    private final LazyClient<DockerClient> client;
    private final ScheduledExecutorService background;
    private final Clock clock;
    private final String fallbackRoot;
    private final Consumer<DockerStatus> onReachable;
    private final Runnable onUnreachable;
    private volatile DockerStatus status;
    private final Backoff backoff;
    private ScheduledFuture<?> retry;
    private boolean retryPending;
    private boolean outageLogged;
    private boolean everReached;
    private boolean closed;
    private volatile Instant lastProbe = Instant.MIN;

    DockerConnection(EngineRuntime runtime, LazyClient<DockerClient> client, ScheduledExecutorService background, Clock clock,
            String endpoint, String fallbackRoot, Consumer<DockerStatus> onReachable,
            Runnable onUnreachable) {
        this.runtime = runtime;
        this.client = client;
        this.background = background;
        this.clock = clock;
        this.fallbackRoot = fallbackRoot;
        this.onReachable = onReachable;
        this.backoff = new Backoff(clock, MIN_RETRY, MAX_RETRY);
        this.onUnreachable = onUnreachable;
        this.status = DockerStatus.initial(runtime, client.enabled(), endpoint, fallbackRoot);
    }

    DockerStatus status() {
        return status;
    }

    boolean reachable() {
        return status.reachable();
    }

    /** First probe, on the caller's thread. */
    void start() {
        if (status.enabled()) {
            probe();
        }
    }

    /**
     * Reachability, asking the daemon first on the caller's thread (bounded by the client timeout)
     * when it was unreachable and not asked within {@link #PROBE_SPACING}.
     */
    boolean reachableOrProbe() {
        if (status.reachable() || !status.enabled()) {
            return status.reachable();
        }
        Instant now = clock.instant();
        synchronized (this) {
            if (closed || now.isBefore(lastProbe.plus(PROBE_SPACING))) {
                return status.reachable();
            }
            lastProbe = now;
        }
        probe();
        return status.reachable();
    }

    /**
     * Probes the daemon now, on the caller's thread (bounded by the client timeout): a failure marks it
     * unreachable. For a call that got no answer, to tell a daemon that is gone from one that was only
     * slow about one container.
     *
     * @return whether it answered
     */
    boolean probeNow() {
        synchronized (this) {
            if (closed || !status.enabled()) {
                return status.reachable();
            }
        }
        probe();
        return status.reachable();
    }

    /** The daemon may have gone (or come back): probe now in the background instead of at the next failure. */
    void recheck() {
        synchronized (this) {
            if (closed || !status.enabled()) {
                return;
            }
        }
        try {
            background.execute(this::probe);
        } catch (RejectedExecutionException e) {
            // Shutting down.
        }
    }

    /** A call elsewhere failed: mark the daemon unreachable and retry in the background. */
    synchronized void failed(DockerException e) {
        if (closed) {
            return;
        }
        boolean wasReachable = status.reachable();
        status = status.failed(e.getMessage(), clock.instant());
        if (wasReachable) {
            onUnreachable.run();
        }
        if (!outageLogged) {
            outageLogged = true;
            if (runtime.quietUntilReached() && !everReached) {
                Log.infof("%s not found at %s (%s): %s support is off; it is picked up if it starts later.",
                        runtime.displayName(), status.endpoint(), e.getMessage(), runtime.displayName());
            } else {
                Log.warnf("%s is not reachable (%s); %s containers are tracked as raw cgroups until it is."
                        + " Retrying in the background.", runtime.displayName(), e.getMessage(), runtime.displayName());
            }
        }
        scheduleRetry();
    }

    private void probe() {
        lastProbe = clock.instant();
        DockerVersion version;
        DockerInfo info;
        try {
            DockerClient daemon = client.get();
            version = daemon.version();
            info = daemon.info();
        } catch (DockerException e) {
            failed(e);
            return;
        } catch (RuntimeException e) {
            // A client fault must not end the retries: treat it as one more failed attempt.
            failed(new DockerException(e.toString(), e));
            return;
        }
        DockerStatus reached;
        boolean wasReachable;
        synchronized (this) {
            if (closed) {
                return;
            }
            wasReachable = status.reachable();
            everReached = true;
            reached = status.reached(version, info, fallbackRoot, clock.instant());
            status = reached;
            backoff.succeeded();
            if (retry != null) {
                retry.cancel(false);
                retry = null;
                retryPending = false;
            }
            if (!wasReachable) {
                Log.infof("%s %s reached at %s: storage driver %s, root %s%s", runtime.displayName(),
                        reached.version().orElse("?"), reached.endpoint(), reached.storageDriver().orElse("?"),
                        reached.rootDir(), outageLogged ? " (after an outage)" : "");
            }
            outageLogged = false;
        }
        // Only on the way up: a re-probe that finds the daemon still there must not undo the event
        // stream's reopening backoff.
        if (!wasReachable) {
            onReachable.accept(reached);
        }
    }

    private void scheduleRetry() {
        if (retryPending) {
            return;
        }
        Duration delay = backoff.failed();
        retryPending = true;
        retry = background.schedule(this::retryProbe, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void retryProbe() {
        synchronized (this) {
            retryPending = false;
        }
        probe();
    }

    synchronized void close() {
        closed = true;
        if (retry != null) {
            retry.cancel(false);
        }
    }
}
