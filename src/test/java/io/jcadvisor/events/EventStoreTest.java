package io.jcadvisor.events;

import io.jcadvisor.info.v1.Event;
import io.jcadvisor.info.v1.EventData;
import io.jcadvisor.events.EventRequest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.jcadvisor.events.EventTypes.CONTAINER_CREATION;
import static io.jcadvisor.events.EventTypes.CONTAINER_DELETION;
import static io.jcadvisor.events.EventTypes.OOM;
import static io.jcadvisor.events.EventTypes.OOM_KILL;
import static org.assertj.core.api.Assertions.assertThat;

class EventStoreTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Set<String> ALL = Set.copyOf(EventTypes.ALL);

    private static Event event(String container, int second, String type) {
        return new Event(container, T0.plusSeconds(second), type, EventData.EMPTY);
    }

    private static EventRequest request(String container, boolean sub, Set<String> types) {
        return new EventRequest(container, sub, types, null, null, -1);
    }

    private static List<String> names(List<Event> events) {
        return events.stream().map(e -> e.containerName() + "@" + (e.timestamp().getEpochSecond() - T0.getEpochSecond())).toList();
    }

    @Test
    void boundsEachTypeByAgeRelativeToTheAddedEventAndByCount() {
        EventStore store = new EventStore(StoragePolicy.parse("default=24h,oom=10s", "default=100,oomKill=2"));
        for (int i = 0; i <= 20; i++) {
            store.add(event("/a", i, OOM));
            store.add(event("/a", i, OOM_KILL));
            store.add(event("/a", i, CONTAINER_CREATION));
        }
        // oom: newest at 20, anything at or before 10 is gone
        assertThat(store.size(OOM)).isEqualTo(10);
        assertThat(store.size(OOM_KILL)).isEqualTo(2);
        assertThat(store.size(CONTAINER_CREATION)).isEqualTo(21);
        List<Event> kills = store.query(request("/a", false, Set.of(OOM_KILL)));
        assertThat(kills).extracting(e -> e.timestamp().getEpochSecond() - T0.getEpochSecond()).containsExactly(19L, 20L);
    }

    @Test
    void zeroCountDisablesAType() {
        EventStore store = new EventStore(StoragePolicy.parse("default=24h", "default=100,containerDeletion=0"));
        store.add(event("/a", 1, CONTAINER_DELETION));
        store.add(event("/a", 1, CONTAINER_CREATION));
        assertThat(store.query(request("/", true, ALL))).extracting(Event::eventType).containsExactly(CONTAINER_CREATION);
    }

    @Test
    void filtersByTypeTimeAndContainer() {
        EventStore store = new EventStore(StoragePolicy.parse("default=24h", "default=100"));
        store.add(event("/", 1, OOM));
        store.add(event("/docker", 2, CONTAINER_CREATION));
        store.add(event("/docker/abc", 3, CONTAINER_CREATION));
        store.add(event("/dockerd", 4, CONTAINER_CREATION));
        store.add(event("/docker/abc/x", 5, CONTAINER_DELETION));

        assertThat(names(store.query(request("/docker", false, ALL)))).containsExactly("/docker@2");
        assertThat(names(store.query(request("/docker", true, ALL))))
                .containsExactly("/docker@2", "/docker/abc@3", "/docker/abc/x@5");
        assertThat(names(store.query(request("/", true, ALL)))).hasSize(5);
        assertThat(names(store.query(request("/", false, ALL)))).containsExactly("/@1");
        assertThat(names(store.query(request("/", true, Set.of(CONTAINER_DELETION))))).containsExactly("/docker/abc/x@5");
        assertThat(store.query(request("/", true, Set.of()))).isEmpty();
        EventRequest window = new EventRequest("/", true, ALL, T0.plusSeconds(2), T0.plusSeconds(4), -1);
        assertThat(names(store.query(window))).containsExactly("/docker@2", "/docker/abc@3", "/dockerd@4");
    }

    @Test
    void returnsTheNewestMaxEventsOldestFirstAcrossTypes() {
        EventStore store = new EventStore(StoragePolicy.parse("default=24h", "default=100"));
        store.add(event("/a", 5, OOM));
        store.add(event("/a", 1, CONTAINER_CREATION));
        store.add(event("/a", 3, OOM_KILL));
        store.add(event("/a", 9, CONTAINER_DELETION));
        EventRequest newest2 = new EventRequest("/a", false, ALL, null, null, 2);
        assertThat(names(store.query(newest2))).containsExactly("/a@5", "/a@9");
        EventRequest unlimited = new EventRequest("/a", false, ALL, null, null, 0);
        assertThat(names(store.query(unlimited))).containsExactly("/a@1", "/a@3", "/a@5", "/a@9");
    }

    @Test
    void watchersGetMatchingEventsAsTheyAreAdded() throws Exception {
        EventStore store = new EventStore(StoragePolicy.parse("default=24h", "default=100"));
        store.add(event("/docker/old", 0, CONTAINER_CREATION));
        BlockingQueue<Event> got = new ArrayBlockingQueue<>(10);
        try (EventStore.Watch watch = store.watch(request("/docker", true, Set.of(CONTAINER_CREATION)), got::add)) {
            store.add(event("/docker/a", 1, CONTAINER_CREATION));
            store.add(event("/other", 2, CONTAINER_CREATION));
            store.add(event("/docker/a", 3, CONTAINER_DELETION));
            store.add(event("/docker/b", 4, CONTAINER_CREATION));
            assertThat(got.poll(5, TimeUnit.SECONDS).containerName()).isEqualTo("/docker/a");
            assertThat(got.poll(5, TimeUnit.SECONDS).containerName()).isEqualTo("/docker/b");
        }
        assertThat(store.watcherCount()).isZero();
        store.add(event("/docker/c", 5, CONTAINER_CREATION));
        assertThat(got.poll(100, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void watchersCostNoThreadAndGetEventsOnTheAddingThread() {
        EventStore store = new EventStore(StoragePolicy.parse("default=24h", "default=100"));
        int threadsBefore = Thread.activeCount();
        List<String> deliveredOn = new ArrayList<>();
        List<EventStore.Watch> watches = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            watches.add(store.watch(request("/", true, ALL), e -> deliveredOn.add(Thread.currentThread().getName())));
        }
        assertThat(Thread.activeCount()).isLessThanOrEqualTo(threadsBefore);
        store.add(event("/a", 1, OOM));
        assertThat(deliveredOn).hasSize(50).containsOnly(Thread.currentThread().getName());
        watches.forEach(EventStore.Watch::close);
        assertThat(store.watcherCount()).isZero();
    }

    @Test
    void aFailingSinkEndsOnlyItsOwnWatch() {
        EventStore store = new EventStore(StoragePolicy.parse("default=24h", "default=100"));
        List<Event> got = new ArrayList<>();
        store.watch(request("/", true, ALL), e -> {
            throw new IllegalStateException("client gone");
        });
        try (EventStore.Watch healthy = store.watch(request("/", true, ALL), got::add)) {
            store.add(event("/a", 1, OOM));
            store.add(event("/a", 2, OOM));
            assertThat(got).hasSize(2);
            assertThat(store.watcherCount()).isEqualTo(1);
        }
        assertThat(store.size(OOM)).isEqualTo(2);
    }
}
