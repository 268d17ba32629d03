package io.jcadvisor.container.engine;

import io.jcadvisor.container.DiscoveryHint;
import io.jcadvisor.container.LazyClient;
import io.quarkus.logging.Log;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Follows the daemon's container event stream and turns {@code start}, {@code die} and
 * {@code destroy} (Podman: {@code remove}) into {@link DiscoveryHint}s, and reports every container event's id (health status changes,
 * renames, updates) so the handler re-inspects that container, so discovery looks at once instead of at the next walk. Hints are
 * handed over on the background thread, never on the client's I/O thread. When the stream ends or
 * cannot be opened it is reopened after a delay doubling from 1 s to 30 s, reset by the next event;
 * each end is also reported ({@code onEnd}), as the first sign of a daemon that stopped.
 */
final class DockerEventWatcher {

    static final Duration MIN_RECONNECT = Duration.ofSeconds(1);
    static final Duration MAX_RECONNECT = Duration.ofSeconds(30);
    private static final Set<String> STARTED = Set.of("start");
    private static final Set<String> STOPPED = Set.of("die", "destroy", "remove");

    private final EngineRuntime runtime;
    private final LazyClient<DockerClient> client;
    private final ScheduledExecutorService background;
    private final Consumer<DiscoveryHint> hints;
    private final Runnable streamEnded;
    private final Consumer<String> containerEvent;
    private final Runnable onOpen;
    private AutoCloseable stream;
    private Duration reconnectDelay = MIN_RECONNECT;
    private boolean closed;

    /**
     * @param streamEnded    told on the background thread each time the stream ends or fails to open
     * @param containerEvent told on the background thread the container id of every container event
     *                       (health status, rename, update, …), so that its inspect answer is refreshed
     * @param opened         told each time the stream is opened: what happened before it is not reported
     */
    DockerEventWatcher(EngineRuntime runtime, LazyClient<DockerClient> client, ScheduledExecutorService background,
            Consumer<DiscoveryHint> hints, Runnable streamEnded, Consumer<String> containerEvent, Runnable opened) {
        this.runtime = runtime;
        this.client = client;
        this.background = background;
        this.hints = hints;
        this.streamEnded = streamEnded;
        this.containerEvent = containerEvent;
        this.onOpen = opened;
    }

    /** Whether the stream is open (or being opened): container changes are then reported as they happen. */
    synchronized boolean following() {
        return stream != null;
    }

    /** Opens the stream (idempotent while it is open). */
    synchronized void start() {
        if (closed || stream != null) {
            return;
        }
        AtomicBoolean ended = new AtomicBoolean();
        AutoCloseable opened = client.get().events(this::onEvent, cause -> {
            ended.set(true);
            onEnd(cause);
        });
        // A stream that failed while being opened has already scheduled its reopening.
        if (!ended.get()) {
            stream = opened;
            onOpen.run();
        }
    }

    private void onEvent(DockerEvent event) {
        String action = event.effectiveAction();
        String id = event.containerId();
        boolean started = STARTED.contains(action);
        boolean hinted = started || STOPPED.contains(action);
        if (!hinted && (id.isEmpty() || event.type() != null && !"container".equals(event.type()))) {
            return;
        }
        synchronized (this) {
            reconnectDelay = MIN_RECONNECT;
        }
        try {
            background.execute(() -> {
                try {
                    if (!id.isEmpty()) {
                        containerEvent.accept(id);
                    }
                    if (hinted) {
                        hints.accept(new DiscoveryHint(runtime.name(), id, started));
                    }
                } catch (RuntimeException e) {
                    Log.warnf(e, "%s event %s of %s: discovery hint failed", runtime.displayName(), action, id);
                }
            });
        } catch (RejectedExecutionException e) {
            // Shutting down: discovery no longer runs.
        }
    }

    private void onEnd(Throwable cause) {
        Duration delay;
        synchronized (this) {
            stream = null;
            if (closed) {
                return;
            }
            delay = reconnectDelay;
            Duration doubled = reconnectDelay.multipliedBy(2);
            reconnectDelay = doubled.compareTo(MAX_RECONNECT) > 0 ? MAX_RECONNECT : doubled;
        }
        Log.debugf("%s event stream ended (%s); reopening in %s", runtime.displayName(),
                cause == null ? "closed by the daemon" : cause, delay);
        try {
            background.execute(streamEnded);
            background.schedule(this::start, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Shutting down.
        }
    }

    synchronized void close() {
        closed = true;
        if (stream != null) {
            try {
                stream.close();
            } catch (Exception e) {
                Log.debugf("%s event stream close: %s", runtime.displayName(), e);
            }
            stream = null;
        }
    }
}
