package io.jcadvisor.container.engine;

import io.jcadvisor.fs.DirectoryUsage;
import io.jcadvisor.host.HostFs;
import io.quarkus.logging.Log;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * Writable-layer disk usage of the tracked Docker (or Podman) containers, measured in the background and never on
 * the housekeeping path. One walk runs at a time (a single thread): a container is walked when it is
 * tracked, then once per {@code cadvisor.runtimes.docker.fs-usage-interval}; after a failed walk its
 * period doubles up to 20 min (upstream's back-off) and resets on success. Samples carry the last
 * completed measurement.
 */
final class DockerFsUsage {

    static final Duration MAX_BACKOFF = Duration.ofMinutes(20);
    /** A walk longer than this is logged, so a huge writable layer is visible. */
    static final Duration SLOW_WALK = Duration.ofSeconds(1);

    /**
     * One completed measurement.
     *
     * @param base   the writable layer ({@code BaseUsage}, inodes)
     * @param total  bytes of the writable layer plus the container directory ({@code Usage})
     * @param store  filesystem of the writable layer
     */
    record Measurement(DirectoryUsage base, long total, DirectoryUsage.Store store, Instant at) {
    }

    private static final class Tracked {
        final String rwLayer;
        final String containerDir;
        volatile Measurement last;
        Instant due;
        Duration period;

        Tracked(String rwLayer, String containerDir, Instant due, Duration period) {
            this.rwLayer = rwLayer;
            this.containerDir = containerDir;
            this.due = due;
            this.period = period;
        }
    }

    private final Map<String, Tracked> tracked = new ConcurrentHashMap<>();
    private final EngineRuntime runtime;
    private final HostFs hostFs;
    private final ExecutorService walker;
    private final Clock clock;
    private final Duration interval;

    /** @param hostFs where the host paths given to {@link #track} are walked */
    DockerFsUsage(EngineRuntime runtime, HostFs hostFs, ExecutorService walker, Clock clock, Duration interval) {
        this.runtime = runtime;
        this.hostFs = hostFs;
        this.walker = walker;
        this.clock = clock;
        this.interval = interval;
    }

    /** The host directory holding a host path ({@code /} for {@code /}). */
    static String parent(String hostPath) {
        int slash = hostPath.lastIndexOf('/');
        return slash <= 0 ? "/" : hostPath.substring(0, slash);
    }

    /**
     * Starts measuring a container now, then periodically.
     *
     * @param rwLayer      host path of its writable layer
     * @param containerDir host path of its directory under the engine's root
     */
    void track(String id, String rwLayer, String containerDir) {
        tracked.put(id, new Tracked(rwLayer, containerDir, clock.instant(), interval));
        submit();
    }

    void untrack(String id) {
        tracked.remove(id);
    }

    Optional<Measurement> latest(String id) {
        Tracked t = tracked.get(id);
        return t == null ? Optional.empty() : Optional.ofNullable(t.last);
    }

    /** Queues a pass over the containers that are due; the periodic tick calls it too. */
    void submit() {
        try {
            walker.execute(this::walkDue);
        } catch (RejectedExecutionException e) {
            // Shutting down: no more walks.
        }
    }

    /** Walks every container that is due, one after another, on the calling thread. */
    void walkDue() {
        for (Map.Entry<String, Tracked> e : tracked.entrySet()) {
            Tracked t = e.getValue();
            Instant now = clock.instant();
            if (t.due.isAfter(now)) {
                continue;
            }
            long started = System.nanoTime();
            try {
                DirectoryUsage base = DirectoryUsage.measure(hostFs, t.rwLayer);
                DirectoryUsage extra = DirectoryUsage.measure(hostFs, t.containerDir);
                t.last = new Measurement(base, base.bytes() + extra.bytes(),
                        DirectoryUsage.Store.of(hostFs, parent(t.rwLayer)), clock.instant());
                t.period = interval;
            } catch (IOException | RuntimeException ex) {
                Duration doubled = t.period.multipliedBy(2);
                t.period = doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
                Log.debugf("%s container %s: disk usage of %s not measured (%s); next try in %s",
                        runtime.displayName(), e.getKey(), t.rwLayer, ex.toString(), t.period);
            }
            t.due = clock.instant().plus(t.period);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            if (took.compareTo(SLOW_WALK) > 0) {
                Log.infof("%s container %s: disk usage walk took %d ms", runtime.displayName(), e.getKey(),
                        took.toMillis());
            }
        }
    }
}
