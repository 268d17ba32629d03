package io.jcadvisor.manager;

import io.jcadvisor.container.ContainerHandler;
import io.jcadvisor.events.EventSink;
import io.jcadvisor.events.EventTypes;
import io.jcadvisor.info.v1.ContainerSpec;
import io.jcadvisor.info.v1.Event;
import io.jcadvisor.info.v1.EventData;
import io.quarkus.logging.Log;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The manager's job of reporting containers that come and go: a {@code containerCreation} event when
 * one is tracked, a {@code containerDeletion} event, with the runtime's exit code, when one goes.
 */
final class LifecycleEvents {

    /**
     * Longest a deletion event waits for the runtime's exit code before it is recorded with −1 (it is
     * stamped with the time the cgroup was seen gone either way). An engine answers about a container
     * it is stopping only once it has recorded the exit, which took 6.5 s on a loaded host; the
     * engine handlers bound their inspect at 12 s, and this bounds a handler that does not.
     */
    static final Duration EXIT_CODE_WAIT = Duration.ofSeconds(15);

    private final EventSink sink;
    private final Executor exitCodes;

    /** @param exitCodes where handlers are asked for exit codes (a bounded pool: see {@link ManagerPools}) */
    LifecycleEvents(EventSink sink, Executor exitCodes) {
        this.sink = sink;
        this.exitCodes = exitCodes;
    }

    /** Stamped with the spec's creation time, or {@code now} when the runtime gives none. */
    void created(String name, ContainerSpec spec, Instant now) {
        Instant created = spec.creationTime();
        if (created == null || created.equals(ContainerSpec.ZERO_TIME)) {
            created = now;
        }
        sink.add(new Event(name, created, EventTypes.CONTAINER_CREATION, EventData.EMPTY));
    }

    /**
     * Adds the {@code containerDeletion} event, stamped {@code at} (when the cgroup was seen gone), with
     * the exit code the handler reports, or −1 when it cannot tell, fails, or takes longer than
     * {@link #EXIT_CODE_WAIT}. The handler is asked on the exit-code pool, so a slow runtime delays only
     * the event, never discovery or housekeeping; with that pool's queue full the event is recorded at once.
     */
    void deleted(String name, ContainerHandler handler, Instant at) {
        CompletableFuture<OptionalInt> code;
        try {
            code = CompletableFuture.supplyAsync(handler::exitCode, exitCodes);
        } catch (RejectedExecutionException e) {
            // shutting down, or too many deletions at once
            code = CompletableFuture.completedFuture(OptionalInt.empty());
        }
        code.completeOnTimeout(OptionalInt.empty(), EXIT_CODE_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionally(e -> {
                    Log.debugf(e, "Exit code of %s unknown", name);
                    return OptionalInt.empty();
                })
                .thenAccept(exit -> sink.add(new Event(name, at, EventTypes.CONTAINER_DELETION,
                        new EventData(null, new EventData.DeletionEventData(exit.orElse(-1))))));
    }
}
