package io.jcadvisor.events;

import io.jcadvisor.cache.TimedStore;
import io.jcadvisor.config.CadvisorConfig;
import io.jcadvisor.info.v1.Event;
import io.jcadvisor.events.EventRequest;
import io.quarkus.logging.Log;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The event store (upstream {@code events.events}): one {@link TimedStore} per event type, bounded by
 * the {@link StoragePolicy} (age relative to the event being added, then the newest N), plus live
 * watchers.
 *
 * <p>Watchers cost no thread: {@link #add} hands each matching event to every watcher's sink on the
 * adding thread, so a sink must not block (an HTTP stream hands the event to its connection's event
 * loop and drops it there when the client does not keep up).
 */
@ApplicationScoped
public class EventStore implements EventSink {

    private final StoragePolicy policy;
    private final Map<String, TimedStore<Event>> buffers = new ConcurrentHashMap<>();
    private final List<Watcher> watchers = new CopyOnWriteArrayList<>();

    @Inject
    public EventStore(CadvisorConfig config) {
        this(StoragePolicy.parse(config.events().ageLimit(), config.events().eventLimit()));
    }

    public EventStore(StoragePolicy policy) {
        this.policy = policy;
    }

    @Override
    public void add(Event event) {
        buffers.computeIfAbsent(event.eventType(),
                type -> new TimedStore<>(policy.maxAge(type), policy.maxCount(type), Event::timestamp)).add(event);
        for (Watcher watcher : watchers) {
            if (matchesIgnoringTime(watcher.request, event) && inTime(watcher.request, event)) {
                watcher.offer(event);
            }
        }
    }

    /**
     * Stored events matching the request, oldest first (ties in {@link EventTypes#ALL} order), the newest
     * {@code maxEvents} ({@code <= 0} = all).
     */
    public List<Event> query(EventRequest request) {
        List<Event> found = new ArrayList<>();
        // upstream's type order, so that events of equal time come out the same way every time
        for (String type : EventTypes.ALL) {
            if (!request.types().contains(type)) {
                continue;
            }
            TimedStore<Event> buffer = buffers.get(type);
            if (buffer == null) {
                continue;
            }
            for (Event event : buffer.query(request.start(), request.end(), -1)) {
                if (matchesIgnoringTime(request, event)) {
                    found.add(event);
                }
            }
        }
        found.sort(Comparator.comparing(Event::timestamp));
        if (request.maxEvents() > 0 && found.size() > request.maxEvents()) {
            return List.copyOf(found.subList(found.size() - request.maxEvents(), found.size()));
        }
        return found;
    }

    /**
     * Hands every event added from now on that matches the request to {@code sink}, on the thread that
     * adds it, until the returned watch is closed or {@code sink} throws. {@code sink} must not block.
     */
    public Watch watch(EventRequest request, Consumer<Event> sink) {
        Watcher watcher = new Watcher(request, sink);
        watchers.add(watcher);
        return watcher;
    }

    /** Live watchers (for tests and the validate page). */
    public int watcherCount() {
        return watchers.size();
    }

    /** Events held for one type. */
    public int size(String type) {
        TimedStore<Event> buffer = buffers.get(type);
        return buffer == null ? 0 : buffer.size();
    }

    public StoragePolicy policy() {
        return policy;
    }

    @PreDestroy
    void closeWatchers() {
        for (Watcher watcher : watchers) {
            watcher.close();
        }
    }

    /** Whether an event is of a requested type and container (exact, or a descendant with subcontainers). */
    static boolean matchesIgnoringTime(EventRequest request, Event event) {
        if (!request.types().contains(event.eventType())) {
            return false;
        }
        String want = request.containerName() == null || request.containerName().isEmpty() ? "/" : request.containerName();
        String name = event.containerName();
        if (name.equals(want)) {
            return true;
        }
        if (!request.includeSubcontainers()) {
            return false;
        }
        return want.equals("/") || name.startsWith(want.endsWith("/") ? want : want + "/");
    }

    private static boolean inTime(EventRequest request, Event event) {
        return (request.start() == null || !event.timestamp().isBefore(request.start()))
                && (request.end() == null || !event.timestamp().isAfter(request.end()));
    }

    /** A live watch; closing it stops delivery. */
    public interface Watch extends AutoCloseable {

        @Override
        void close();
    }

    private final class Watcher implements Watch {
        final EventRequest request;
        final Consumer<Event> sink;
        volatile boolean closed;

        Watcher(EventRequest request, Consumer<Event> sink) {
            this.request = request;
            this.sink = sink;
        }

        void offer(Event event) {
            if (closed) {
                return;
            }
            try {
                sink.accept(event);
            } catch (RuntimeException e) {
                Log.debugf(e, "Event watcher ended: its sink failed");
                close();
            }
        }

        @Override
        public void close() {
            closed = true;
            watchers.remove(this);
        }
    }
}
