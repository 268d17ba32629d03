package io.jcadvisor.manager;

import io.jcadvisor.testing.Await;
import io.jcadvisor.testing.SettableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The driver on a real thread and the real clock, with a pass that records when it ran and answers a next due
 * time the test sets. Margins are wide (the build host is shared), but each test would fail against a driver
 * that polls on a short fixed period or sleeps through a new due time.
 */
class HousekeepingDriverTest {

    private static final Clock CLOCK = Clock.systemUTC();
    /** Bound of the sleep in these tests; long enough that a wake-up before it can only come from a due time. */
    private static final Duration MAX_SLEEP = Duration.ofSeconds(3);
    private static final Duration SLACK = Duration.ofMillis(200);

    private final List<Instant> passes = new CopyOnWriteArrayList<>();
    private final List<Duration> aheads = new CopyOnWriteArrayList<>();
    private final AtomicReference<Supplier<Instant>> nextDue = new AtomicReference<>(() -> Instant.MAX);
    private HousekeepingDriver driver;

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.stop();
        }
    }

    private HousekeepingDriver start(Duration maxSleep) {
        driver = new HousekeepingDriver(ahead -> {
            passes.add(CLOCK.instant());
            aheads.add(ahead);
            return nextDue.get().get();
        }, CLOCK, SLACK, maxSleep);
        driver.start();
        Await.until(Duration.ofSeconds(5), () -> !passes.isEmpty());
        return driver;
    }

    @Test
    void sleepsUntilTheNextDueTimeInsteadOfPolling() throws Exception {
        Instant due = CLOCK.instant().plusMillis(1200);
        nextDue.set(() -> passes.size() == 1 ? due : Instant.MAX);
        start(MAX_SLEEP);
        Thread.sleep(900);
        assertThat(passes).as("no pass before anything is due (a 100 ms poll would have made about 9)").hasSize(1);
        Await.until(Duration.ofSeconds(2), () -> passes.size() == 2);
        assertThat(passes.get(1)).as("passes in the due time's slot: within half the slack of it")
                .isAfterOrEqualTo(due.minus(SLACK.dividedBy(2)))
                .isBefore(due.plus(SLACK.dividedBy(2)).plusMillis(400));
        assertThat(aheads).as("and takes what is due within half the slack").containsOnly(SLACK.dividedBy(2));
    }

    @Test
    void aContainerDueBeforeThePlannedWakeUpIsTakenOnTime() throws Exception {
        nextDue.set(() -> CLOCK.instant().plusSeconds(2));
        start(MAX_SLEEP);
        Thread.sleep(200);
        assertThat(passes).hasSize(1);
        Instant due = CLOCK.instant().plusMillis(300);
        driver.dueAt(due);
        Await.until(Duration.ofSeconds(3), () -> passes.size() >= 2);
        assertThat(passes.get(1)).as("the earlier due time woke it, not the planned one 2 s on")
                .isAfterOrEqualTo(due.minus(SLACK.dividedBy(2)))
                .isBefore(due.plus(SLACK.dividedBy(2)).plusMillis(400));
    }

    @Test
    void aDueTimeAlreadyReachedIsTakenAtOnce() throws Exception {
        // a new container: due when it is created, sampled without waiting for the next slot
        Duration slack = Duration.ofSeconds(2);
        driver = new HousekeepingDriver(ahead -> {
            passes.add(CLOCK.instant());
            return Instant.MAX;
        }, CLOCK, slack, slack);
        driver.start();
        Await.until(Duration.ofSeconds(5), () -> !passes.isEmpty());
        Thread.sleep(100);
        Instant reported = CLOCK.instant();
        driver.dueAt(reported);
        Await.until(Duration.ofSeconds(3), () -> passes.size() >= 2);
        assertThat(Duration.between(reported, passes.get(1))).isLessThan(Duration.ofMillis(500));
    }

    @Test
    void aDueTimeReportedDuringAPassIsNotLost() throws Exception {
        // a worker that finishes while the pass runs: the pass has already read (and skipped) its container
        nextDue.set(() -> {
            if (passes.size() == 1) {
                driver.dueAt(CLOCK.instant());
            }
            return Instant.MAX;
        });
        start(MAX_SLEEP);
        Await.until(Duration.ofSeconds(1), () -> passes.size() >= 2);
        assertThat(Duration.between(passes.get(0), passes.get(1))).isLessThan(Duration.ofMillis(800));
    }

    @Test
    void aLaterDueTimeDoesNotWakeIt() throws Exception {
        Instant planned = CLOCK.instant().plusMillis(1500);
        nextDue.set(() -> passes.size() == 1 ? planned : Instant.MAX);
        start(MAX_SLEEP);
        driver.dueAt(planned.plusSeconds(1));
        driver.dueAt(planned);
        Thread.sleep(1000);
        assertThat(passes).hasSize(1);
    }

    @Test
    void passesAtLeastEveryMaxSleepForLiveness() throws Exception {
        start(Duration.ofMillis(500));
        Thread.sleep(1300);
        assertThat(passes.size()).as("nothing is due: one pass at start, then one per 500 ms").isBetween(2, 4);
    }

    @Test
    void aWallClockSetBackDoesNotStretchTheSleepBeyondTheBound() throws Exception {
        SettableClock wall = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
        driver = new HousekeepingDriver(ahead -> {
            passes.add(CLOCK.instant());
            return wall.instant().plusSeconds(1);
        }, wall, SLACK, Duration.ofMillis(500));
        driver.start();
        Await.until(Duration.ofSeconds(5), () -> !passes.isEmpty());
        wall.advance(Duration.ofHours(-1));
        Thread.sleep(1300);
        assertThat(passes.size()).as("still a pass every 500 ms of real time").isGreaterThanOrEqualTo(2);
    }

    @Test
    void aFailedPassDoesNotEndTheDriver() throws Exception {
        nextDue.set(() -> {
            if (passes.size() == 1) {
                throw new IllegalStateException("pass failed");
            }
            return Instant.MAX;
        });
        start(Duration.ofMillis(300));
        Await.until(Duration.ofSeconds(3), () -> passes.size() >= 2);
    }

    @Test
    void stopEndsTheThread() throws Exception {
        start(Duration.ofMillis(200));
        driver.stop();
        int before = passes.size();
        driver.dueAt(Instant.MIN);
        Thread.sleep(300);
        assertThat(passes).as("neither a due time nor the bound runs a pass after stop").hasSize(before);
    }

    @Test
    void refusesASlackLongerThanTheBound() {
        assertThatThrownBy(() -> new HousekeepingDriver(ahead -> Instant.MAX, CLOCK, Duration.ofSeconds(3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most PT2S");
        assertThatThrownBy(() -> new HousekeepingDriver(ahead -> Instant.MAX, CLOCK, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theConfiguredSlackIsCheckedAndCappedAtTheInterval() {
        assertThat(Housekeeping.slack(Duration.ofMillis(500), Duration.ofSeconds(1))).isEqualTo(Duration.ofMillis(500));
        assertThat(Housekeeping.slack(Duration.ofMillis(500), Duration.ofMillis(200)))
                .isEqualTo(Duration.ofMillis(200));
        assertThatThrownBy(() -> Housekeeping.slack(Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessageContaining("cadvisor.housekeeping.timer-slack");
        assertThatThrownBy(() -> Housekeeping.slack(Duration.ofSeconds(3), Duration.ofSeconds(10)))
                .hasMessageContaining("cadvisor.housekeeping.timer-slack");
    }
}
