package io.jcadvisor.fs;

import io.jcadvisor.host.HostFs;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * statfs of mountpoints, bounded in time and briefly cached.
 *
 * <p>Java has no statfs; {@link HostFs#diskSpace} asks {@code java.io.File}'s space methods, which
 * each make one {@code statvfs(2)} call and return exactly {@code f_blocks}, {@code f_bfree} and
 * {@code f_bavail} × {@code f_frsize} (the values {@code java.nio.file.FileStore} gives, without its
 * mount-table lookup). Inode counts
 * ({@code f_files}, {@code f_ffree}) have no pure-Java route on Java 17: {@link InodeCountsReader}
 * gets them another way.
 *
 * <p>A hung NFS server makes statfs block in the kernel. The calls therefore run on daemon threads
 * and a round is awaited at most {@link #TIMEOUT} (upstream's 2 s); a call still hanging from
 * before is not repeated nor awaited again, and the last good answer, if any, is served. Answers
 * are reused for {@link #MAX_AGE}, since root samples can come every second.
 *
 * <p>One thread makes a round's calls one after another (each takes microseconds; a host with 100
 * Docker containers has 100 overlay mounts, and a thread per call made the pool start and retire
 * dozens of threads every few seconds). A call that has not answered after {@link #STUCK} is taken
 * for hung: the calls after it move to another thread, so one dead server delays the others by
 * that much at most and they are still answered in the same round.
 */
public final class FsUsageReader implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(FsUsageReader.class);

    /** Longest wait for one round of statfs calls. */
    public static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** How long an answer is reused. */
    public static final Duration MAX_AGE = Duration.ofSeconds(5);
    /** How long one call may take before the calls after it go on another thread. */
    static final Duration STUCK = Duration.ofMillis(50);

    private final Function<String, FsUsage> statfs;
    private final Clock clock;
    private final Duration timeout;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "jcadvisor-statfs");
        t.setDaemon(true);
        return t;
    });

    private record Answer(FsUsage usage, Instant at) {
    }

    /** One call of a round: made by whichever of the round's threads claims it first. */
    private static final class Call {
        final String mountpoint;
        final CompletableFuture<FsUsage> result = new CompletableFuture<>();
        final AtomicBoolean claimed = new AtomicBoolean();

        Call(String mountpoint) {
            this.mountpoint = mountpoint;
        }
    }

    private final Map<String, Answer> answers = new HashMap<>();
    private final Map<String, Future<FsUsage>> inFlight = new HashMap<>();
    private final Set<String> warned = new HashSet<>();

    public FsUsageReader(HostFs hostFs, Clock clock) {
        this(mountpoint -> statfs(hostFs, mountpoint), clock, TIMEOUT);
    }

    /** @param statfs the blocking call, replaceable so a test can play a hung server */
    FsUsageReader(Function<String, FsUsage> statfs, Clock clock, Duration timeout) {
        this.statfs = statfs;
        this.clock = clock;
        this.timeout = timeout;
    }

    /**
     * Usage of each host mountpoint. A mountpoint is missing from the answer only when statfs has
     * not answered in time and never answered before.
     */
    public synchronized Map<String, FsUsage> usage(Collection<String> mountpoints) {
        Instant now = clock.instant();
        Map<String, FsUsage> result = new HashMap<>();
        Map<String, Future<FsUsage>> waiting = new LinkedHashMap<>();
        List<Call> calls = new ArrayList<>();
        for (String mountpoint : mountpoints) {
            if (result.containsKey(mountpoint) || waiting.containsKey(mountpoint)) {
                continue;
            }
            Answer answer = answers.get(mountpoint);
            if (answer != null && now.isBefore(answer.at().plus(MAX_AGE))) {
                result.put(mountpoint, answer.usage());
                continue;
            }
            Future<FsUsage> running = inFlight.get(mountpoint);
            if (running != null && !running.isDone()) {
                // Still stuck since an earlier round: waiting again would stall every sample.
                if (answer != null) {
                    result.put(mountpoint, answer.usage());
                }
                continue;
            }
            Call call = new Call(mountpoint);
            calls.add(call);
            inFlight.put(mountpoint, call.result);
            waiting.put(mountpoint, call.result);
        }
        if (!calls.isEmpty() && !makeCalls(calls, 0)) {
            // closed: nothing will answer
            calls.forEach(c -> c.result.completeExceptionally(new RejectedExecutionException("closed")));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        long stuckNanos = Math.min(STUCK.toNanos(), timeout.toNanos() / 4);
        for (int i = 0; i < calls.size(); i++) {
            Call call = calls.get(i);
            long wait = Math.min(stuckNanos, deadline - System.nanoTime());
            if (wait <= 0) {
                break;
            }
            try {
                call.result.get(wait, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                // taken for hung: the calls after it, if any is left, go on another thread
                if (i + 1 < calls.size() && !calls.get(i + 1).claimed.get()) {
                    makeCalls(calls, i + 1);
                }
            } catch (ExecutionException e) {
                // collected below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        waiting.forEach((mountpoint, call) -> {
            try {
                FsUsage usage = call.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                answers.put(mountpoint, new Answer(usage, now));
                result.put(mountpoint, usage);
                warned.remove(mountpoint);
            } catch (TimeoutException e) {
                if (warned.add(mountpoint)) {
                    LOG.warnf("statfs of %s did not answer within %s; reporting its last known usage, if any", mountpoint,
                            timeout);
                }
                Answer answer = answers.get(mountpoint);
                if (answer != null) {
                    result.put(mountpoint, answer.usage());
                }
            } catch (ExecutionException e) {
                LOG.debugf("statfs of %s failed: %s", mountpoint, e.getCause());
                result.put(mountpoint, FsUsage.MISSING);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return result;
    }

    /**
     * Makes the calls from {@code from} on, in order, on one pooled thread, each unless another
     * thread claimed it first. False when the pool is shut down.
     */
    private boolean makeCalls(List<Call> calls, int from) {
        try {
            executor.execute(() -> {
                for (int i = from; i < calls.size(); i++) {
                    Call call = calls.get(i);
                    if (!call.claimed.compareAndSet(false, true)) {
                        continue;
                    }
                    try {
                        call.result.complete(statfs.apply(call.mountpoint));
                    } catch (RuntimeException | Error e) {
                        call.result.completeExceptionally(e);
                    }
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    private static FsUsage statfs(HostFs hostFs, String mountpoint) {
        return hostFs.diskSpace(mountpoint)
                .map(space -> new FsUsage(true, space.total(), space.free(), space.available()))
                .orElse(FsUsage.MISSING);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
