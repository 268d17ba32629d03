package io.jcadvisor.fs;

import io.jcadvisor.testing.SettableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** A statfs that hangs (a dead NFS server) must not hang sampling. */
class FsUsageReaderTest {

    static final FsUsage ROOT = new FsUsage(true, 100, 40, 30);
    static final FsUsage NFS = new FsUsage(true, 1000, 500, 500);

    @Test
    void aHungMountIsAwaitedOnceThenSkippedWhileTheOthersAnswer() throws Exception {
        CountDownLatch nfsServerBack = new CountDownLatch(1);
        Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        SettableClock clock = new SettableClock(Instant.parse("2026-11-26T12:00:00Z"));
        Function<String, FsUsage> statfs = hungNfs(nfsServerBack);
        try (FsUsageReader reader = new FsUsageReader(mountpoint -> {
            calls.computeIfAbsent(mountpoint, k -> new AtomicInteger()).incrementAndGet();
            return statfs.apply(mountpoint);
        }, clock, Duration.ofMillis(200))) {
            long start = System.nanoTime();
            Map<String, FsUsage> first = reader.usage(List.of("/", "/mnt/nfs"));
            long firstMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(first).containsExactlyEntriesOf(Map.of("/", ROOT));
            assertThat(firstMs).isBetween(150L, 2000L);

            // Later rounds neither wait for nor re-issue the stuck call.
            clock.advance(Duration.ofSeconds(10));
            start = System.nanoTime();
            Map<String, FsUsage> second = reader.usage(List.of("/", "/mnt/nfs"));
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(150L);
            assertThat(second).containsOnlyKeys("/");
            assertThat(calls.get("/mnt/nfs")).hasValue(1);
            assertThat(calls.get("/")).hasValue(2);

            // Once the server is back the next round asks again and gets an answer.
            nfsServerBack.countDown();
            clock.advance(Duration.ofSeconds(10));
            for (int i = 0; i < 100 && !reader.usage(List.of("/mnt/nfs")).containsKey("/mnt/nfs"); i++) {
                // The released statfs call finishes on its own thread.
                Thread.sleep(20);
                clock.advance(Duration.ofSeconds(10));
            }
            assertThat(reader.usage(List.of("/mnt/nfs"))).containsEntry("/mnt/nfs", NFS);
        }
    }

    @Test
    void answersAreReusedForAFewSeconds() {
        AtomicInteger calls = new AtomicInteger();
        SettableClock clock = new SettableClock(Instant.parse("2026-11-26T12:00:00Z"));
        try (FsUsageReader reader = new FsUsageReader(m -> {
            calls.incrementAndGet();
            return ROOT;
        }, clock, Duration.ofSeconds(2))) {
            reader.usage(List.of("/"));
            clock.advance(FsUsageReader.MAX_AGE.minusMillis(1));
            reader.usage(List.of("/"));
            assertThat(calls).hasValue(1);
            clock.advance(Duration.ofMillis(1));
            reader.usage(List.of("/"));
            assertThat(calls).hasValue(2);
        }
    }

    @Test
    void aFailingStatfsReportsTheFilesystemAsMissing() {
        try (FsUsageReader reader = new FsUsageReader(m -> {
            throw new IllegalStateException("EIO");
        }, new SettableClock(Instant.parse("2026-11-26T12:00:00Z")), Duration.ofSeconds(2))) {
            assertThat(reader.usage(List.of("/broken"))).containsEntry("/broken", FsUsage.MISSING);
        }
    }

    @Test
    void mountpointsAfterAHungOneAreStillAnsweredInTheSameRound() throws Exception {
        CountDownLatch nfsServerBack = new CountDownLatch(1);
        SettableClock clock = new SettableClock(Instant.parse("2026-11-26T12:00:00Z"));
        try (FsUsageReader reader = new FsUsageReader(hungNfs(nfsServerBack), clock, Duration.ofMillis(1000))) {
            long start = System.nanoTime();
            Map<String, FsUsage> first = reader.usage(List.of("/mnt/nfs", "/", "/home"));
            long firstMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(first).containsExactlyInAnyOrderEntriesOf(Map.of("/", ROOT, "/home", ROOT));
            // the whole round is still bounded by the timeout
            assertThat(firstMs).isBetween(900L, 3000L);
            nfsServerBack.countDown();
        }
    }

    @Test
    void oneRoundRunsOnOneThread() {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        AtomicInteger calls = new AtomicInteger();
        List<String> mountpoints = IntStream.range(0, 100).mapToObj(i -> "/var/lib/docker/overlay2/" + i + "/merged")
                .toList();
        try (FsUsageReader reader = new FsUsageReader(m -> {
            threads.add(Thread.currentThread().getName() + "#" + Thread.currentThread().getId());
            calls.incrementAndGet();
            return ROOT;
        }, new SettableClock(Instant.parse("2026-11-26T12:00:00Z")), Duration.ofSeconds(2))) {
            Map<String, FsUsage> usage = reader.usage(mountpoints);
            assertThat(usage).hasSize(100).containsValue(ROOT);
            assertThat(calls).hasValue(100);
            assertThat(threads).hasSize(1);
        }
    }

    /** statfs of a host whose {@code /mnt/nfs} server is gone until {@code back} counts down; the rest answer at once. */
    private static Function<String, FsUsage> hungNfs(CountDownLatch back) {
        return mountpoint -> {
            if (mountpoint.equals("/mnt/nfs")) {
                try {
                    back.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return NFS;
            }
            return ROOT;
        };
    }
}
