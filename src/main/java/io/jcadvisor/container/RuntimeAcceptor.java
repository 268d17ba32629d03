package io.jcadvisor.container;

import io.quarkus.logging.Log;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The skeleton every runtime daemon (Docker, Podman, containerd) plugs into for its two factory
 * calls: {@link #canHandleAndAccept} asks the daemon about a container through {@link PendingAnswers}
 * and keeps the answer in an {@link AcceptanceCache}; {@link #accepted} hands it to {@code newHandler}
 * (or asks again). A runtime switched off in config (its {@link LazyClient} is disabled) is
 * {@link Acceptance#NOT_MINE} for every name, without a call. The runtime keeps its own connection
 * (reachability, {@link Backoff}, event stream) and answers through {@link Daemon}.
 *
 * <p>The start race: a question the daemon has not answered within the quick wait is
 * {@link Acceptance#PENDING} and the daemon is re-checked in the background; a late answer fires one
 * start hint (only when the caller stopped waiting). A call without an answer makes the runtime probe
 * the daemon now: gone is {@code NOT_MINE}, a timeout is {@code PENDING}, one lost connection is asked
 * once more.
 *
 * @param <T> what the daemon answers about one container (an inspect, a container record)
 * @param <E> the runtime's failure of a call
 */
public final class RuntimeAcceptor<T, E extends DaemonCallException> {

    /** What a runtime plugs in: its calls about one container and its connection's state. */
    public interface Daemon<T, E extends DaemonCallException> {

        /** Name in messages ({@code Docker}, {@code containerd}). */
        String displayName();

        /** Namespace the containers are looked up in, for the not-found message. */
        String namespace();

        /** First contact with the daemon, once (bounded by the client timeout). */
        void ensureStarted();

        /** Whether the daemon answers, asking it on the caller's thread when a retry is due. */
        boolean reachableOrProbe();

        /** Asks the daemon now whether it is there (after a call got no answer). */
        boolean probeNow();

        /** Asks the daemon in the background whether it is there. */
        void recheck();

        /** The container, or empty when the daemon does not know it; bounded by {@code timeout}. */
        Optional<T> lookUp(String id, Duration timeout) throws E;

        /** The container, or empty, bounded by the client's own timeout. */
        Optional<T> lookUp(String id) throws E;

        /** Whether a container the daemon knows is taken (Docker: running; containerd: always). */
        boolean accepts(T container);

        /** A call failed: logs it, and re-checks the daemon when the call got no answer. */
        void failed(E e);

        /** The decision on an unexpected failure of a question (Docker: marks the daemon down). */
        Acceptance unexpected(RuntimeException e);
    }

    /** A container id and what the daemon said about it. */
    public record Accepted<T>(String id, T container) {
    }

    private final String name;
    private final boolean enabled;
    private final Duration pendingTimeout;
    private final Daemon<T, E> daemon;
    private final Consumer<DiscoveryHint> hints;
    private final AcceptanceCache<T> cache = new AcceptanceCache<>(AcceptanceCache.DEFAULT_CAPACITY);
    private final PendingAnswers<Optional<T>, E> asking;

    /**
     * @param name    the runtime's name in hints and thread names
     * @param client  the runtime's client: whether it is switched on in config
     * @param pending bounds of the questions about new containers
     * @param hints   hears one start hint per late answer and per waiting container at an outage
     */
    public RuntimeAcceptor(String name, LazyClient<?> client, PendingLimits pending, Daemon<T, E> daemon,
            Consumer<DiscoveryHint> hints) {
        this.name = name;
        this.enabled = client.enabled();
        this.pendingTimeout = pending.timeout();
        this.daemon = daemon;
        this.hints = hints;
        this.asking = new PendingAnswers<>(name, pending.max(), PendingAnswers.QUICK_WAIT,
                id -> hints.accept(new DiscoveryHint(name, id, true)));
    }

    /** Whether the runtime is switched on in config. */
    public boolean enabled() {
        return enabled;
    }

    /**
     * {@code ACCEPT} when {@code id} (the container id the name carries) is a container the daemon
     * knows and {@link Daemon#accepts takes}; {@code NOT_MINE} without a call when there is no id, the
     * runtime is disabled or the daemon is away; {@code PENDING} while the answer has not come.
     */
    public Acceptance canHandleAndAccept(String cgroupName, Optional<String> id) {
        if (id.isEmpty() || !enabled) {
            return Acceptance.NOT_MINE;
        }
        daemon.ensureStarted();
        if (!daemon.reachableOrProbe()) {
            return Acceptance.NOT_MINE;
        }
        String containerId = id.get();
        for (int attempt = 1; ; attempt++) {
            Optional<PendingAnswers.Outcome<Optional<T>, E>> outcome =
                    asking.ask(containerId, () -> daemon.lookUp(containerId, pendingTimeout));
            if (outcome.isEmpty()) {
                daemon.recheck();
                return Acceptance.PENDING;
            }
            try {
                return accept(cgroupName, outcome.get().get());
            } catch (RuntimeException e) {
                return daemon.unexpected(e);
            } catch (Exception e) {
                @SuppressWarnings("unchecked")
                E failure = (E) e; // Outcome.get throws only E or unchecked exceptions
                if (failure.answered()) {
                    daemon.failed(failure);
                    return Acceptance.NOT_MINE;
                }
                // No answer about this container: only the daemon itself tells whether it is gone (then
                // NOT_MINE, as for any container of an absent daemon) or was slow about this one (no
                // answer within the pending timeout: PENDING, the manager gives up) or lost one
                // connection (ask once more).
                Log.debugf("%s gave no answer about %s: %s", daemon.displayName(), containerId, e.getMessage());
                if (!daemon.probeNow()) {
                    return Acceptance.NOT_MINE;
                }
                if (failure.timedOut()) {
                    return Acceptance.PENDING;
                }
                if (attempt > 1) {
                    return Acceptance.NOT_MINE;
                }
            }
        }
    }

    private Acceptance accept(String cgroupName, Optional<T> container) {
        if (container.isEmpty() || !daemon.accepts(container.get())) {
            return Acceptance.NOT_MINE;
        }
        cache.put(cgroupName, container.get());
        return Acceptance.ACCEPT;
    }

    /**
     * For {@code newHandler}: the answer kept when the name was accepted, or the daemon's answer now.
     *
     * @throws IllegalArgumentException when the name carries no container id
     * @throws IllegalStateException    when the daemon no longer knows the container or cannot be asked
     */
    public Accepted<T> accepted(String cgroupName, Optional<String> id) {
        String containerId = id.orElseThrow(() -> new IllegalArgumentException(
                "not a " + daemon.displayName() + " cgroup: " + cgroupName));
        T container = cache.take(cgroupName);
        if (container == null) {
            try {
                container = daemon.lookUp(containerId).orElseThrow(() -> new IllegalStateException(
                        "unable to find container \"" + containerId + "\" in \"" + daemon.namespace()
                                + "\" namespace"));
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                @SuppressWarnings("unchecked")
                E failure = (E) e; // lookUp throws only E or unchecked exceptions
                daemon.failed(failure);
                throw new IllegalStateException(
                        daemon.displayName() + " container " + containerId + ": " + e.getMessage(), e);
            }
        }
        return new Accepted<>(containerId, container);
    }

    /**
     * The daemon went away: the containers still waiting for their answer are offered again now (and
     * go to raw, as any container of an absent daemon) instead of waiting out the pending timeout.
     */
    public void offerWaitingAgain() {
        for (String id : asking.waiting()) {
            hints.accept(new DiscoveryHint(name, id, true));
        }
    }

    /** Stops the questions in flight (at shutdown). */
    public void close() {
        asking.close();
    }
}
