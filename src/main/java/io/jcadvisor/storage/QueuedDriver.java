package io.jcadvisor.storage;

import io.quarkus.logging.Log;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link StorageDriver} that decouples housekeeping from the peer: {@link #add} only offers the
 * sample to a bounded queue, and one daemon thread per driver drains it into batches for its
 * {@link SampleWriter}.
 *
 * <p>Batching ({@code -storage_driver_buffer_duration}): with a positive buffer duration the thread
 * writes what it gathered once per duration, or earlier when {@code capacity} samples are waiting;
 * with zero it writes as samples come (stdout, statsd). Upstream flushes from inside the caller's
 * {@code AddStats} when the duration has passed since the last write, so its last batch waits for
 * the next sample; here a timer does it.
 *
 * <p>Loss is bounded and counted, never silent: when the queue is full the new sample is dropped;
 * while the peer is unreachable the batch is kept and retried with a backoff from 1 s doubling to
 * 30 s, and once more than {@code capacity} samples wait the oldest go. A batch the peer refuses is
 * dropped. Every drop adds to {@link #dropped()} and is logged at most once a minute with the
 * running total; the first good write after an outage logs that writes resumed. So at most
 * {@code 2 × capacity} samples are held per driver.
 */
final class QueuedDriver implements StorageDriver {

    static final Duration INITIAL_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final long LOG_INTERVAL_NANOS = Duration.ofMinutes(1).toNanos();
    /** Longest the thread sleeps with nothing to do, so a close is seen promptly. */
    private static final long IDLE_NANOS = Duration.ofMillis(500).toNanos();

    private final String name;
    private final SampleWriter writer;
    private final int capacity;
    private final long bufferNanos;
    private final long initialBackoffNanos;
    private final BlockingQueue<Sample> queue;
    private final Thread thread;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failedWrites = new AtomicLong();
    private volatile boolean running = true;
    /** When a drop was last logged; housekeeping threads may race on it, costing at most a second line. */
    private volatile long lastDropLog = Long.MIN_VALUE;
    private long lastFailureLog = Long.MIN_VALUE;
    private boolean peerDown;

    /**
     * @param capacity       queued samples at most, and the batch size that forces an early write; at least 1
     * @param bufferDuration time between batch writes; zero writes each sample as it comes
     */
    QueuedDriver(String name, SampleWriter writer, int capacity, Duration bufferDuration) {
        this(name, writer, capacity, bufferDuration, INITIAL_BACKOFF);
    }

    /** For tests: a shorter first backoff, so a restarted peer is retried quickly. */
    QueuedDriver(String name, SampleWriter writer, int capacity, Duration bufferDuration, Duration initialBackoff) {
        if (capacity < 1) {
            throw new IllegalArgumentException("storage driver queue size must be at least 1, not " + capacity);
        }
        this.name = name;
        this.writer = writer;
        this.capacity = capacity;
        this.bufferNanos = Math.max(0, bufferDuration.toNanos());
        this.initialBackoffNanos = initialBackoff.toNanos();
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = new Thread(this::run, "storage-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void add(Sample sample) {
        if (sample == null || sample.stats() == null) {
            return;
        }
        if (!running || !queue.offer(sample)) {
            drop(1, running ? "its queue of " + capacity + " is full" : "it is closed");
        }
    }

    /** Samples the peer accepted. */
    long written() {
        return written.get();
    }

    /** Samples lost: queue full, too many waiting while the peer was down, or refused by the peer. */
    long dropped() {
        return dropped.get();
    }

    /** Write attempts that failed because the peer was unreachable. */
    long failedWrites() {
        return failedWrites.get();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.close();
    }

    private void run() {
        List<Sample> pending = new ArrayList<>();
        long now = System.nanoTime();
        long nextFlush = now + bufferNanos;
        long retryAt = now;
        long backoff = initialBackoffNanos;
        while (true) {
            now = System.nanoTime();
            long wait = pending.isEmpty() ? IDLE_NANOS : 0;
            if (!pending.isEmpty() && bufferNanos > 0 && pending.size() < capacity) {
                wait = Math.max(0, nextFlush - now);
            }
            if (!pending.isEmpty() && retryAt > now) {
                wait = Math.max(wait, retryAt - now);
            }
            try {
                Sample first = running ? queue.poll(Math.min(wait, IDLE_NANOS), TimeUnit.NANOSECONDS) : queue.poll();
                if (first != null) {
                    pending.add(first);
                }
            } catch (InterruptedException e) {
                // close(): gather what is left and make one last attempt below
                running = false;
            }
            queue.drainTo(pending);
            if (pending.size() > capacity) {
                int excess = pending.size() - capacity;
                pending.subList(0, excess).clear();
                drop(excess, "its peer is unreachable and more than " + capacity + " samples wait");
            }
            now = System.nanoTime();
            boolean due = !pending.isEmpty() && now >= retryAt
                    && (bufferNanos == 0 || now >= nextFlush || pending.size() >= capacity || !running);
            if (due) {
                if (attempt(pending)) {
                    backoff = initialBackoffNanos;
                } else {
                    retryAt = now + backoff;
                    backoff = Math.min(backoff * 2, MAX_BACKOFF.toNanos());
                }
                nextFlush = now + bufferNanos;
            }
            if (!running && queue.isEmpty()) {
                if (!pending.isEmpty()) {
                    drop(pending.size(), "it was closed while its peer was unreachable");
                }
                return;
            }
        }
    }

    /** One write of the whole batch; true when the batch is done with (written or refused). */
    private boolean attempt(List<Sample> pending) {
        try {
            writer.write(pending);
            written.addAndGet(pending.size());
            if (peerDown) {
                peerDown = false;
                Log.infof("Storage driver %s: writes resumed (%d samples dropped so far)", name, dropped.get());
            }
            pending.clear();
            return true;
        } catch (SampleWriter.RejectedException e) {
            drop(pending.size(), "its peer refused them: " + e.getMessage());
            pending.clear();
            return true;
        } catch (IOException | RuntimeException e) {
            failedWrites.incrementAndGet();
            peerDown = true;
            writer.close();
            long now = System.nanoTime();
            if (lastFailureLog == Long.MIN_VALUE || now - lastFailureLog >= LOG_INTERVAL_NANOS) {
                lastFailureLog = now;
                Log.warnf("Storage driver %s: write of %d samples failed, retrying with backoff "
                        + "(logged at most once a minute): %s", name, pending.size(), e.toString());
            }
            return false;
        }
    }

    private void drop(int count, String why) {
        long total = dropped.addAndGet(count);
        long now = System.nanoTime();
        long last = lastDropLog;
        if (last == Long.MIN_VALUE || now - last >= LOG_INTERVAL_NANOS) {
            lastDropLog = now;
            Log.warnf("Storage driver %s dropped %d samples because %s; %d dropped in total "
                    + "(logged at most once a minute)", name, count, why, total);
        }
    }
}
