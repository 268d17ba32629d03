package io.jcadvisor.container.docker;

import io.quarkus.logging.Log;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Whether the daemon answers, kept up to date: asked once at start (synchronously, bounded by the
 * client's timeout, so that discovery at start-up sees Docker's containers), then, while it does not
 * answer, again in the background with a doubling delay (1 s up to 1 min). The failure is logged
 * once per outage, the recovery once.
 */
final class DockerConnection {

    static final Duration MIN_RETRY = Duration.ofSeconds(1);
    static final Duration MAX_RETRY = Duration.ofMinutes(1);

    private final DockerClient client;
    private final ScheduledExecutorService background;
    private final Clock clock;
    private final String fallbackRoot;
    private final Consumer<DockerStatus> onReachable;
    private volatile DockerStatus status;
    private Duration retryDelay = MIN_RETRY;
    private ScheduledFuture<?> retry;
    private boolean retryPending;
    private boolean outageLogged;
    private boolean closed;

    DockerConnection(DockerClient client, ScheduledExecutorService background, Clock clock, boolean enabled,
            String endpoint, String fallbackRoot, Consumer<DockerStatus> onReachable) {
        this.client = client;
        this.background = background;
        this.clock = clock;
        this.fallbackRoot = fallbackRoot;
        this.onReachable = onReachable;
        this.status = DockerStatus.initial(enabled, endpoint, fallbackRoot);
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

    /** A call elsewhere failed: mark the daemon unreachable and retry in the background. */
    synchronized void failed(DockerException e) {
        if (closed) {
            return;
        }
        status = status.failed(e.getMessage(), clock.instant());
        if (!outageLogged) {
            outageLogged = true;
            Log.warnf("Docker is not reachable (%s); Docker containers are tracked as raw cgroups until it is."
                    + " Retrying in the background.", e.getMessage());
        }
        scheduleRetry();
    }

    private void probe() {
        DockerVersion version;
        DockerInfo info;
        try {
            version = client.version();
            info = client.info();
        } catch (DockerException e) {
            failed(e);
            return;
        } catch (RuntimeException e) {
            // A client fault must not end the retries: treat it as one more failed attempt.
            failed(new DockerException(e.toString(), e));
            return;
        }
        DockerStatus reached;
        synchronized (this) {
            if (closed) {
                return;
            }
            reached = status.reached(version, info, fallbackRoot, clock.instant());
            status = reached;
            retryDelay = MIN_RETRY;
            if (retry != null) {
                retry.cancel(false);
                retry = null;
                retryPending = false;
            }
            Log.infof("Docker %s reached at %s: storage driver %s, root %s%s",
                    reached.version().orElse("?"), reached.endpoint(), reached.storageDriver().orElse("?"),
                    reached.rootDir(), outageLogged ? " (after an outage)" : "");
            outageLogged = false;
        }
        onReachable.accept(reached);
    }

    private void scheduleRetry() {
        if (retryPending) {
            return;
        }
        Duration delay = retryDelay;
        retryDelay = retryDelay.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : retryDelay.multipliedBy(2);
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
