package io.jcadvisor.oom;

import io.jcadvisor.events.EventTypes;
import io.jcadvisor.host.HostFs;
import io.jcadvisor.info.v1.Event;
import io.jcadvisor.info.v1.EventData;
import io.jcadvisor.testing.Await;
import io.jcadvisor.testing.SettableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The watcher over fixture roots whose {@code dev/kmsg} is a plain file (read to its end). */
class OomWatcherTest {

    private static final Instant NOW = Instant.parse("2026-11-27T00:00:00Z");
    /** {@code proc/uptime} of both fixtures is 9000 s. */
    private static final Instant BOOT = NOW.minusSeconds(9000);
    private static final String DOCKER = "/docker/a234aee8274b66c4c46efc8b01537a7e9974eb8835f10dc954a61e07a1ea8aa7";

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private OomWatcher watcher;

    @AfterEach
    void stop() {
        if (watcher != null) {
            watcher.stop();
        }
    }

    private OomCounter run(String scenario, boolean groupEnabled) {
        OomCounter counter = new OomCounter(groupEnabled, OomCounter.MAX_NAMES);
        watcher = new OomWatcher(new HostFs(Path.of("src/test/resources/host", scenario)), events::add, counter,
                new SettableClock(NOW));
        assertThat(watcher.start()).isTrue();
        Await.until(Duration.ofSeconds(5), () -> !watcher.reading());
        return counter;
    }

    @Test
    void realRecordsGiveOomAndOomKillEventsAndCounts() {
        OomCounter counter = run("kmsg-v1-kernel-6.18", true);

        Instant python = BOOT.plusNanos(8678490028L * 1000);
        assertThat(events).hasSize(4).contains(
                new Event("/oomh-fixture-16381", python, EventTypes.OOM, EventData.EMPTY),
                new Event("/oomh-fixture-16381", python, EventTypes.OOM_KILL,
                        new EventData(new EventData.OomKillEventData(19014, "python3", "CONSTRAINT_MEMCG"), null)),
                new Event(DOCKER, BOOT.plusNanos(8159143312L * 1000), EventTypes.OOM_KILL,
                        new EventData(new EventData.OomKillEventData(11604, "tail", "CONSTRAINT_MEMCG"), null)));
        assertThat(counter.count("/oomh-fixture-16381")).hasValue(1);
        assertThat(counter.count(DOCKER)).hasValue(1);
        assertThat(counter.count("/docker")).as("exact name, not a prefix").hasValue(0);
        assertThat(watcher.found()).isEqualTo(2);
    }

    @Test
    void legacyRecordsSendOomToTheTaskCgroupAndOomKillToTheLimitedOne() {
        OomCounter counter = run("kmsg-legacy", true);

        assertThat(events).extracting(Event::eventType, Event::containerName).containsExactly(
                tuple(EventTypes.OOM, "/docker/0123abcd"),
                tuple(EventTypes.OOM_KILL, "/docker/0123abcd"),
                tuple(EventTypes.OOM, "/kubepods/pod1/c2"),
                tuple(EventTypes.OOM_KILL, "/kubepods/pod1"),
                tuple(EventTypes.OOM, "/"),
                tuple(EventTypes.OOM_KILL, "/"));
        assertThat(counter.count("/kubepods/pod1/c2")).hasValue(1);
        assertThat(counter.count("/kubepods/pod1")).hasValue(0);
        assertThat(counter.count("/")).hasValue(1);
    }

    @Test
    void groupOffStillGivesEventsButNoCounts() {
        OomCounter counter = run("kmsg-v1-kernel-6.18", false);

        assertThat(events).hasSize(4);
        assertThat(counter.count("/oomh-fixture-16381")).isEmpty();
        assertThat(counter.size()).isZero();
    }

    @Test
    void withoutKmsgDetectionIsOffAndCountsFallBack() {
        OomCounter counter = new OomCounter(true, OomCounter.MAX_NAMES);
        watcher = new OomWatcher(new HostFs(Path.of("src/test/resources/host/hybrid")), events::add, counter,
                new SettableClock(NOW));

        assertThat(watcher.start()).isFalse();
        assertThat(counter.active()).isFalse();
        assertThat(counter.count("/")).as("empty: the cgroup's own count stays").isEmpty();
        assertThat(events).isEmpty();
    }
}
