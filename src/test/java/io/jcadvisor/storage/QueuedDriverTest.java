package io.jcadvisor.storage;

import io.jcadvisor.testing.Await;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** The queue between housekeeping and a peer, with hand-written writers standing in for peers. */
class QueuedDriverTest {

    @Test
    void aHungPeerNeverBlocksTheCallerAndTheOverflowIsCounted() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> batches = new CopyOnWriteArrayList<>();
        SampleWriter hung = batch -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            batches.add(batch.size());
        };
        QueuedDriver driver = new QueuedDriver("hung", hung, 10, Duration.ZERO);
        try {
            long start = System.nanoTime();
            for (int i = 0; i <= 1000; i++) {
                driver.add(StorageSamples.docker(i));
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
            // the writer holds a batch of at most 10 and at most 10 more wait in the queue
            Await.until(Duration.ofSeconds(10), () -> driver.dropped() >= 1001 - 2 * 10);
            release.countDown();
            Await.until(Duration.ofSeconds(10), () -> driver.written() + driver.dropped() == 1001);
        } finally {
            release.countDown();
            driver.close();
        }
        assertThat(batches.stream().mapToInt(Integer::intValue).sum()).isEqualTo((int) driver.written());
    }

    @Test
    void aBufferWindowIsOneBatchAndCloseWritesWhatIsLeft() {
        List<Integer> batches = new CopyOnWriteArrayList<>();
        QueuedDriver driver = new QueuedDriver("batch", batch -> batches.add(batch.size()), 1000,
                Duration.ofMinutes(1));
        for (int i = 0; i < 25; i++) {
            driver.add(StorageSamples.docker(i));
        }
        driver.close();
        assertThat(batches).containsExactly(25);
        assertThat(driver.written()).isEqualTo(25);
        driver.add(StorageSamples.docker(99));
        assertThat(driver.dropped()).isEqualTo(1);
    }

    @Test
    void aFullBufferIsWrittenBeforeTheWindowEnds() {
        List<Integer> batches = new CopyOnWriteArrayList<>();
        QueuedDriver driver = new QueuedDriver("full", batch -> batches.add(batch.size()), 5, Duration.ofMinutes(1));
        try {
            for (int i = 0; i < 5; i++) {
                driver.add(StorageSamples.docker(i));
            }
            Await.until(Duration.ofSeconds(10), () -> driver.written() == 5);
        } finally {
            driver.close();
        }
        assertThat(batches).containsExactly(5);
    }

    @Test
    void whileThePeerIsDownTheBatchIsKeptThenTheOldestGo() {
        AtomicBoolean up = new AtomicBoolean();
        List<Sample> received = new CopyOnWriteArrayList<>();
        SampleWriter flaky = batch -> {
            if (!up.get()) {
                throw new IOException("connection refused");
            }
            received.addAll(batch);
        };
        QueuedDriver driver = new QueuedDriver("flaky", flaky, 5, Duration.ZERO, Duration.ofMillis(20));
        try {
            driver.add(StorageSamples.docker(0));
            Await.until(Duration.ofSeconds(10), () -> driver.failedWrites() > 0);
            for (int i = 1; i < 30; i++) {
                driver.add(StorageSamples.docker(i));
            }
            // 5 kept in the batch, up to 5 in the queue: the rest dropped, by age or by a full queue
            Await.until(Duration.ofSeconds(10), () -> driver.dropped() >= 20);
            up.set(true);
            Await.until(Duration.ofSeconds(10), () -> driver.written() + driver.dropped() == 30);
        } finally {
            driver.close();
        }
        assertThat(driver.written()).isBetween(5L, 10L);
        assertThat(received).hasSize((int) driver.written())
                .extracting(s -> s.stats().cpu().usage().total()).isSorted();
    }

    @Test
    void aRefusedBatchIsDroppedNotRetried() {
        int[] calls = {0};
        QueuedDriver driver = new QueuedDriver("refusing", batch -> {
            calls[0]++;
            throw new SampleWriter.RejectedException("no such database");
        }, 10, Duration.ZERO);
        try {
            driver.add(StorageSamples.docker(0));
            Await.until(Duration.ofSeconds(10), () -> driver.dropped() == 1);
        } finally {
            driver.close();
        }
        assertThat(calls[0]).isEqualTo(1);
        assertThat(driver.failedWrites()).isZero();
    }
}
