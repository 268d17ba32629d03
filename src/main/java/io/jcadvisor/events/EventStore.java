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
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The event store (upstream {@code events.events}): one {@link TimedStore} per event type, bounded by
 * the {@link StoragePolicy} (age relative to the event being added, then the newest N), plus live
 * watchers.
 *
 * <p>Each watcher has its own bounded queue drained by its own daemon thread, so a slow HTTP client
 * never blocks {@link #add}: when its queue is full the event is dropped for that watcher, counted,
 * and logged once.
 */
@ApplicationScoped
public class EventStore implements EventSink {

    /** Events queued per watcher before it starts dropping. */
    static final int WATCH_QUEUE = 1024;

    private static final AtomicInteger WATCHER_IDS = new AtomicInteger();

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
     * Hands every event added from now on that matches the request to {@code sink}, on a thread of its
     * own, until the returned watch is closed or {@code sink} throws.
     */
    public Watch watch(EventRequest request, Consumer<Event> sink) {
        Watcher watcher = new Watcher(request, sink);
        watchers.add(watcher);
        watcher.thread.start();
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

        /** Events this watcher lost because its queue was full. */
        long dropped();

        @Override
        void close();
    }

    private final class Watcher implements Watch {
        final EventRequest request;
        final Consumer<Event> sink;
        final BlockingQueue<Event> queue = new ArrayBlockingQueue<>(WATCH_QUEUE);
        final AtomicLong dropped = new AtomicLong();
        final Thread thread;
        volatile boolean closed;

        Watcher(EventRequest request, Consumer<Event> sink) {
            this.request = request;
            this.sink = sink;
            this.thread = new Thread(this::deliver, "event-watch-" + WATCHER_IDS.incrementAndGet());
            this.thread.setDaemon(true);
        }

        void offer(Event event) {
            if (!queue.offer(event) && dropped.getAndIncrement() == 0) {
                Log.warnf("Event watcher %s is too slow: dropping events (queue of %d full)", thread.getName(), WATCH_QUEUE);
            }
        }

        private void deliver() {
            try {
                while (!closed) {
                    sink.accept(queue.take());
                }
            } catch (InterruptedException e) {
                // close() interrupts the thread: the watch is over
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                Log.debugf(e, "Event watcher %s ended: its sink failed", thread.getName());
            } finally {
                closed = true;
                watchers.remove(this);
                queue.clear();
            }
        }

        @Override
        public long dropped() {
            return dropped.get();
        }

        @Override
        public void close() {
            closed = true;
            watchers.remove(this);
            thread.interrupt();
        }
    }
}
