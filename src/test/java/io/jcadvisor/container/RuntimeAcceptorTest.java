package io.jcadvisor.container;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The runtime skeleton's flow, against a fake daemon of our own {@link RuntimeAcceptor.Daemon} type. */
class RuntimeAcceptorTest {

    private static final String ID = "a".repeat(64);
    private static final String NAME = "/fake/" + ID;

    /** A runtime failure: answered (an error status) or not, timed out or not. */
    static final class FakeFailure extends DaemonCallException {
        final boolean answered;

        FakeFailure(boolean answered, boolean timedOut) {
            super(answered ? "answered 500" : timedOut ? "timed out" : "connection reset",
                    timedOut ? new TimeoutException() : null);
            this.answered = answered;
        }

        @Override
        public boolean answered() {
            return answered;
        }
    }

    /** A container record: whether it runs. */
    record Box(String id, boolean running) {
    }

    /** Scripted answers per id; counts each call. */
    static final class FakeDaemon implements RuntimeAcceptor.Daemon<Box, FakeFailure> {
        final Map<String, Box> boxes = new ConcurrentHashMap<>();
        final List<FakeFailure> failures = new CopyOnWriteArrayList<>();
        volatile boolean reachable = true;
        volatile boolean probeAnswers = true;
        volatile CountDownLatch hold;
        final AtomicInteger lookUps = new AtomicInteger();
        final AtomicInteger starts = new AtomicInteger();
        final AtomicInteger probes = new AtomicInteger();
        final AtomicInteger rechecks = new AtomicInteger();
        final List<FakeFailure> failed = new CopyOnWriteArrayList<>();

        @Override
        public String displayName() {
            return "Fake";
        }

        @Override
        public String namespace() {
            return "fakens";
        }

        @Override
        public void ensureStarted() {
            starts.incrementAndGet();
        }

        @Override
        public boolean reachableOrProbe() {
            return reachable;
        }

        @Override
        public boolean probeNow() {
            probes.incrementAndGet();
            return probeAnswers;
        }

        @Override
        public void recheck() {
            rechecks.incrementAndGet();
        }

        @Override
        public Optional<Box> lookUp(String id, Duration timeout) throws FakeFailure {
            CountDownLatch latch = hold;
            if (latch != null) {
                try {
                    latch.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return lookUp(id);
        }

        @Override
        public Optional<Box> lookUp(String id) throws FakeFailure {
            lookUps.incrementAndGet();
            if (!failures.isEmpty()) {
                throw failures.remove(0);
            }
            return Optional.ofNullable(boxes.get(id));
        }

        @Override
        public boolean accepts(Box box) {
            return box.running();
        }

        @Override
        public void failed(FakeFailure e) {
            failed.add(e);
        }

        @Override
        public Acceptance unexpected(RuntimeException e) {
            return Acceptance.NOT_MINE;
        }
    }

    private final FakeDaemon daemon = new FakeDaemon();
    private final List<DiscoveryHint> hints = new CopyOnWriteArrayList<>();
    private RuntimeAcceptor<Box, FakeFailure> acceptor = acceptor(true);

    private RuntimeAcceptor<Box, FakeFailure> acceptor(boolean enabled) {
        return new RuntimeAcceptor<>("fake", LazyClient.of("fake", enabled, () -> daemon), new PendingLimits(Duration.ofSeconds(30), 8), daemon,
                hints::add);
    }

    @AfterEach
    void close() {
        acceptor.close();
    }

    @Test
    void disabledRuntimeIsNeverAsked() {
        acceptor.close();
        acceptor = acceptor(false);
        daemon.boxes.put(ID, new Box(ID, true));
        assertThat(acceptor.enabled()).isFalse();
        assertThat(acceptor.canHandleAndAccept(NAME, Optional.of(ID))).isEqualTo(Acceptance.NOT_MINE);
        assertThat(daemon.lookUps).hasValue(0);
        assertThat(daemon.starts).as("not even started").hasValue(0);
    }

    @Test
    void acceptedAnswerIsHandedToNewHandlerOnceThenAskedAgain() {
        daemon.boxes.put(ID, new Box(ID, true));
        assertThat(acceptor.canHandleAndAccept(NAME, Optional.of(ID))).isEqualTo(Acceptance.ACCEPT);
        assertThat(daemon.lookUps).hasValue(1);
        assertThat(acceptor.accepted(NAME, Optional.of(ID))).isEqualTo(new RuntimeAcceptor.Accepted<>(ID, new Box(ID, true)));
        assertThat(daemon.lookUps).as("taken from the cache").hasValue(1);
        assertThat(acceptor.accepted(NAME, Optional.of(ID)).container()).isEqualTo(new Box(ID, true));
        assertThat(daemon.lookUps).as("asked again once taken").hasValue(2);
        assertThat(hints).isEmpty();
    }

    @Test
    void nameWithoutIdOrAbsentDaemonOrStoppedContainerIsNotMine() {
        daemon.boxes.put(ID, new Box(ID, false));
        assertThat(acceptor.canHandleAndAccept("/fake/web", Optional.empty())).isEqualTo(Acceptance.NOT_MINE);
        assertThat(daemon.lookUps).hasValue(0);
        assertThat(acceptor.canHandleAndAccept(NAME, Optional.of(ID))).isEqualTo(Acceptance.NOT_MINE);
        assertThat(daemon.lookUps).hasValue(1);
        daemon.reachable = false;
        daemon.boxes.put(ID, new Box(ID, true));
        assertThat(acceptor.canHandleAndAccept(NAME, Optional.of(ID))).isEqualTo(Acceptance.NOT_MINE);
        assertThat(daemon.lookUps).hasValue(1);
        assertThatThrownBy(() -> acceptor.accepted("/fake/web", Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("not a Fake cgroup: /fake/web");
    }

    @Test
    void answeredErrorIsNotMineWithoutProbe() {
        daemon.failures.add(new FakeFailure(true, false));
        assertThat(acceptor.canHandleAndAccept(NAME, Optional.of(ID))).isEqualTo(Acceptance.NOT_MINE);
        assertThat(daemon.failed).hasSize(1);
        assertThat(daemon.probes).hasValue(0);
    }

    @Test
    void lostConnectionIsAskedOnceMoreWhileTheDaemonAnswersItsProbe() {
        daemon.boxes.put(ID, new Box(ID, true));
        daemon.failures.add(new FakeFailure(false, false));
        assertThat(acceptor.canHandleAndAccept(NAME, Optional.of(ID))).isEqualTo(Acceptance.ACCEPT);
        assertThat(daemon.probes).hasValue(1);
        assertThat(daemon.lookUps).hasValue(2);

        String other = "b".repeat(64);
        daemon.failures.add(new FakeFailure(false, false));
        daemon.failures.add(new FakeFailure(false, false));
        assertThat(acceptor.canHandleAndAccept("/fake/" + other, Optional.of(other)))
                .as("retried once only").isEqualTo(Acceptance.NOT_MINE);
        assertThat(daemon.lookUps).hasValue(4);
    }

    @Test
    void unansweredCallProbesInsteadOfMarkingTheDaemonDown() {
        daemon.failures.add(new FakeFailure(false, true));
        assertThat(acceptor.canHandleAndAccept(NAME, Optional.of(ID)))
                .as("slow about this container, daemon there").isEqualTo(Acceptance.PENDING);
        assertThat(daemon.probes).hasValue(1);

        daemon.probeAnswers = false;
        daemon.failures.add(new FakeFailure(false, true));
        assertThat(acceptor.canHandleAndAccept(NAME, Optional.of(ID)))
                .as("daemon gone").isEqualTo(Acceptance.NOT_MINE);
        assertThat(daemon.probes).hasValue(2);
    }

    @Test
    void lateAnswerIsPendingThenFiresOneHintAndIsHandedOut() throws Exception {
        daemon.boxes.put(ID, new Box(ID, true));
        CountDownLatch release = new CountDownLatch(1);
        daemon.hold = release;
        assertThat(acceptor.canHandleAndAccept(NAME, Optional.of(ID))).isEqualTo(Acceptance.PENDING);
        assertThat(daemon.rechecks).as("the daemon is re-checked in the background").hasValue(1);
        assertThat(acceptor.canHandleAndAccept(NAME, Optional.of(ID)))
                .as("asked once, still waiting").isEqualTo(Acceptance.PENDING);
        release.countDown();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (hints.isEmpty() && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        assertThat(hints).containsExactly(new DiscoveryHint("fake", ID, true));
        assertThat(acceptor.canHandleAndAccept(NAME, Optional.of(ID))).isEqualTo(Acceptance.ACCEPT);
        assertThat(daemon.lookUps).hasValue(1);
        assertThat(hints).as("one hint only").hasSize(1);
    }

    @Test
    void outageOffersTheWaitingContainersAgain() {
        CountDownLatch release = new CountDownLatch(1);
        daemon.hold = release;
        assertThat(acceptor.canHandleAndAccept(NAME, Optional.of(ID))).isEqualTo(Acceptance.PENDING);
        acceptor.offerWaitingAgain();
        assertThat(hints).containsExactly(new DiscoveryHint("fake", ID, true));
        release.countDown();
    }

    @Test
    void newHandlerLookUpFailureIsAnIllegalStateNamingTheContainer() {
        daemon.failures.add(new FakeFailure(false, false));
        assertThatThrownBy(() -> acceptor.accepted(NAME, Optional.of(ID)))
                .isInstanceOf(IllegalStateException.class).hasMessage("Fake container " + ID + ": connection reset");
        assertThat(daemon.failed).hasSize(1);
        assertThatThrownBy(() -> acceptor.accepted(NAME, Optional.of(ID)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("unable to find container \"" + ID + "\" in \"fakens\" namespace");
    }
}
