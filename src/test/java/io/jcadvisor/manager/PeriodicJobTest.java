package io.jcadvisor.manager;

import io.jcadvisor.testing.Await;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The old {@code @Scheduled(concurrentExecution = SKIP)} rules on firings the test makes itself (a worker
 * queue the test runs by hand), then the Vert.x timer and worker pool on a real Vert.x instance.
 */
class PeriodicJobTest {

    /** The runs handed to the workers and not taken yet. */
    private final Queue<Runnable> handedOut = new ArrayDeque<>();
    private final AtomicInteger runs = new AtomicInteger();
    private Vertx vertx;

    @AfterEach
    void closeVertx() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    @Test
    void aFiringWhileARunIsGoingIsSkippedNotQueued() {
        PeriodicJob job = new PeriodicJob("test", runs::incrementAndGet, handedOut::add);
        job.due();
        job.due();
        job.due();
        assertThat(handedOut).as("one run handed out, the two firings during it skipped").hasSize(1);
        handedOut.remove().run();
        assertThat(runs).hasValue(1);
        job.due();
        assertThat(handedOut).as("the next firing after the run ended").hasSize(1);
        handedOut.remove().run();
        assertThat(runs).hasValue(2);
    }

    @Test
    void aFailedRunIsLoggedAndTheNextFiringRunsAgain() {
        PeriodicJob job = new PeriodicJob("test", () -> {
            if (runs.incrementAndGet() == 1) {
                throw new IllegalStateException("first run fails");
            }
        }, handedOut::add);
        job.due();
        handedOut.remove().run();
        job.due();
        assertThat(handedOut).hasSize(1);
        handedOut.remove().run();
        assertThat(runs).hasValue(2);
    }

    @Test
    void aRunTheWorkersRejectDoesNotBlockTheNextFiring() {
        AtomicInteger offered = new AtomicInteger();
        PeriodicJob job = new PeriodicJob("test", runs::incrementAndGet, task -> {
            if (offered.incrementAndGet() == 1) {
                throw new RejectedExecutionException("shut down");
            }
            task.run();
        });
        job.due();
        job.due();
        assertThat(offered).hasValue(2);
        assertThat(runs).hasValue(1);
    }

    @Test
    void aPeriodThatIsNotPositiveIsRefusedNamingTheKey() {
        assertThat(PeriodicJob.checkPeriod("cadvisor.x.interval", Duration.ofNanos(1))).isEqualTo(Duration.ofNanos(1));
        for (Duration bad : List.of(Duration.ZERO, Duration.ofSeconds(-60))) {
            assertThatThrownBy(() -> PeriodicJob.checkPeriod("cadvisor.x.interval", bad))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessage("cadvisor.x.interval must be positive: " + bad);
        }
    }

    @Test
    void runsOnVertxWorkersFirstOnePeriodAfterStartThenEveryPeriodUntilStopped() {
        vertx = Vertx.vertx();
        Duration period = Duration.ofMillis(300);
        List<Long> startedAt = new CopyOnWriteArrayList<>();
        List<Boolean> onEventLoop = new CopyOnWriteArrayList<>();
        long start = System.nanoTime();
        PeriodicJob job = PeriodicJob.every(vertx, period, "test", () -> {
            startedAt.add(System.nanoTime());
            onEventLoop.add(Context.isOnEventLoopThread());
        });
        Await.until(Duration.ofSeconds(10), () -> startedAt.size() >= 2);
        job.stop();
        assertThat(startedAt.get(0) - start).as("first run one period after start, not at once")
                .isGreaterThanOrEqualTo(period.toNanos());
        assertThat(startedAt.get(1) - startedAt.get(0)).as("one period between runs")
                .isGreaterThanOrEqualTo(period.toNanos() / 2);
        assertThat(onEventLoop).as("never run on the event loop").containsOnly(false);

        // after stop: a one-shot timer three periods later on the same Vert.x, and no run in between
        int stoppedAt = startedAt.size();
        AtomicInteger later = new AtomicInteger(-1);
        vertx.setTimer(3 * period.toMillis(), id -> later.set(startedAt.size()));
        Await.until(Duration.ofSeconds(10), () -> later.get() >= 0);
        assertThat(later.get()).as("no run after stop (one already handed out may finish)")
                .isLessThanOrEqualTo(stoppedAt + 1);
    }

    @Test
    void aPeriodThatIsNotPositiveIsNotStarted() {
        vertx = Vertx.vertx();
        assertThatThrownBy(() -> PeriodicJob.every(vertx, Duration.ZERO, "test", runs::incrementAndGet))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("test: the period must be positive: PT0S");
    }
}
