package io.jcadvisor.container;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A runtime's answers about one container each, which may come late: dockerd (and Podman's service)
 * answer {@code GET /containers/<id>/json} only once the container has finished starting, seconds after
 * its cgroup appeared on a busy host. Each question runs on its own thread, bounded by the long
 * {@link PendingLimits#timeout()} the caller builds into it; the caller waits for it only
 * {@link #QUICK_WAIT} (the usual answer takes milliseconds; {@link #SHORT_WAIT} while another answer
 * is overdue), and then answers
 * {@link Acceptance#PENDING}. When the answer comes after that, {@code late} hears the container id
 * (the factory fires a {@link DiscoveryHint}, so the manager offers the name again and takes the
 * answer from here). A slow answer is thus never mistaken for an unreachable daemon, and never holds
 * discovery for longer than the quick wait.
 *
 * <p>Threads: an idle one is reused for the next question, so a start that asks about hundreds of
 * containers one after the other (each answered in milliseconds) runs one or two, not one each.
 *
 * <p>Bounded: at most {@link PendingLimits#max()} questions at once (answered questions nobody
 * collected are dropped first; beyond that a new question is not asked and the container stays
 * pending until the manager gives up on it).
 *
 * @param <R> the answer
 * @param <E> the runtime's checked failure ({@code DockerException}, {@code ContainerdException})
 */
public final class PendingAnswers<R, E extends Exception> {

    /** Longest a caller (discovery) waits for a question it just asked. */
    public static final Duration QUICK_WAIT = Duration.ofSeconds(1);
    /**
     * The wait while another question is overdue (its caller stopped waiting, no answer yet): a
     * runtime slow about every container (at start-up, hundreds) must not cost discovery a second each.
     */
    static final Duration SHORT_WAIT = Duration.ofMillis(50);
    /** How long an idle question thread is kept for the next question before it ends. */
    static final Duration IDLE_KEEP_ALIVE = Duration.ofSeconds(30);

    /** One call to the runtime about one container, bounded by the caller's long timeout. */
    @FunctionalInterface
    public interface Question<R, E extends Exception> {
        R ask() throws E;
    }

    /** A question's result: the answer, or the runtime's failure. */
    public static final class Outcome<R, E extends Exception> {

        private final R value;
        private final Throwable error;

        private Outcome(R value, Throwable error) {
            this.value = value;
            this.error = error;
        }

        /** The answer, or the failure the question threw. */
        @SuppressWarnings("unchecked")
        public R get() throws E {
            if (error == null) {
                return value;
            }
            if (error instanceof RuntimeException r) {
                throw r;
            }
            if (error instanceof Error x) {
                throw x;
            }
            // Question.ask throws only E or unchecked exceptions.
            throw (E) error;
        }
    }

    private final Map<String, CompletableFuture<Outcome<R, E>>> asked = new ConcurrentHashMap<>();
    /** Questions whose caller stopped waiting and whose answer has not come. */
    private final AtomicInteger overdue = new AtomicInteger();
    private final int max;
    private final Duration quickWait;
    private final Consumer<String> late;
    private final ThreadPoolExecutor threads;

    /**
     * @param runtime   names the threads
     * @param max       questions at once ({@link PendingLimits#max()})
     * @param quickWait how long {@link #ask} waits for a new question ({@link #QUICK_WAIT})
     * @param late      hears the container id of an answer that came after the caller stopped waiting
     */
    public PendingAnswers(String runtime, int max, Duration quickWait, Consumer<String> late) {
        this.max = max;
        this.quickWait = quickWait;
        this.late = late;
        AtomicInteger ids = new AtomicInteger();
        // A thread per question in flight (each mostly waits), but an idle thread is reused before a new one
        // is made (a direct hand-off, no core threads), and ended after IDLE_KEEP_ALIVE. Discovery asks one
        // question at a time and most are answered in milliseconds, so a start with hundreds of containers
        // needs one or two threads, not one per container (each costs a stack and a thread start:
        // bench/README.md, "Start-up"). The questions in flight are bounded by max (ask); a thread whose
        // answer is in may still be handing out its hint when its question's slot is taken again, hence the
        // margin of the thread bound.
        this.threads = new ThreadPoolExecutor(0, 2 * max, IDLE_KEEP_ALIVE.toSeconds(), TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "jcadvisor-" + runtime + "-pending-" + ids.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /**
     * The outcome of the question about container {@code id}: an answered question is handed out (once)
     * and forgotten; otherwise {@code question} is asked in the background unless a question about
     * {@code id} is already in flight, and a new question is waited for up to the quick wait. Empty
     * while the answer has not come (or cannot be asked: too many in flight).
     */
    public Optional<Outcome<R, E>> ask(String id, Question<R, E> question) {
        CompletableFuture<Outcome<R, E>> inFlight = asked.get(id);
        if (inFlight != null) {
            // Asked before: hand the answer out if it came, never wait again (discovery holds a lock).
            if (inFlight.isDone() && asked.remove(id, inFlight)) {
                return Optional.of(inFlight.join());
            }
            return Optional.empty();
        }
        if (asked.size() >= max) {
            // Answers nobody came for (their cgroup went away meanwhile) make room first.
            asked.values().removeIf(CompletableFuture::isDone);
            if (asked.size() >= max) {
                return Optional.empty();
            }
        }
        CompletableFuture<Outcome<R, E>> future = new CompletableFuture<>();
        if (asked.putIfAbsent(id, future) != null) {
            return Optional.empty();
        }
        // Who was first: the answer (the caller takes it, no hint) or the caller giving up (then a hint).
        // A hint for an answer the caller took would make the manager ask again, for ever.
        AtomicBoolean decided = new AtomicBoolean();
        try {
            threads.execute(() -> {
                Outcome<R, E> outcome;
                try {
                    outcome = new Outcome<>(question.ask(), null);
                } catch (Exception | Error e) {
                    outcome = new Outcome<>(null, e);
                }
                future.complete(outcome);
                if (!decided.compareAndSet(false, true)) {
                    overdue.decrementAndGet();
                    late.accept(id);
                }
            });
        } catch (RejectedExecutionException e) {
            // Closed, or every thread still busy (the bound's margin taken): not asked now; the manager
            // offers the name again when its pending timeout expires.
            asked.remove(id, future);
            return Optional.empty();
        }
        try {
            Duration wait = overdue.get() > 0 && quickWait.compareTo(SHORT_WAIT) > 0 ? SHORT_WAIT : quickWait;
            Outcome<R, E> outcome = future.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            asked.remove(id, future);
            return Optional.of(outcome);
        } catch (TimeoutException e) {
            return abandon(id, future, decided);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return abandon(id, future, decided);
        } catch (ExecutionException e) {
            // Never: the future is completed with an outcome, not exceptionally.
            throw new IllegalStateException(e);
        }
    }

    /** The caller stops waiting: the answer goes to {@code late}, unless it came in the meantime. */
    private Optional<Outcome<R, E>> abandon(String id, CompletableFuture<Outcome<R, E>> future,
            AtomicBoolean decided) {
        if (decided.compareAndSet(false, true)) {
            overdue.incrementAndGet();
            return Optional.empty();
        }
        asked.remove(id, future);
        return Optional.of(future.join());
    }

    /** Ids of containers asked about whose answer has not been handed out. */
    public Set<String> waiting() {
        return Set.copyOf(asked.keySet());
    }

    /** Stops the questions in flight (at shutdown). */
    public void close() {
        threads.shutdownNow();
    }
}
