package io.jcadvisor.storage;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Per-sample cost of the storage drivers, for one sample of {@link StorageSamples#docker}: what
 * {@link QueuedDriver#add} costs the housekeeping thread, and what each driver's encoding costs its
 * own thread. In package {@code io.jcadvisor.storage} to reach the package-private drivers (the
 * agent's jar is not sealed, so the split package works on the class path).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StorageDriverBenchmark {

    private Sample sample;
    private StdoutDriver stdout;
    private RedisDriver redis;

    @Setup(Level.Trial)
    public void setUp() {
        sample = StorageSamples.docker(0);
        // encoders only: line() and document() never touch the stream or the peer
        stdout = new StdoutDriver(new PrintStream(OutputStream.nullOutputStream()), "h");
        redis = new RedisDriver(new HostPort("127.0.0.1", 1), "k", "h", StorageSamples.json());
    }

    /** stdout: the whole line of one sample. */
    @Benchmark
    public String stdoutLine() {
        return stdout.line(sample);
    }

    /** statsd: the key → value map one sample's datagrams are made from. */
    @Benchmark
    public Map<String, Long> statsdValues() {
        return StatsSeries.of(sample.stats(), "cpu_load_average");
    }

    /** redis: one sample's JSON document, as {@code LPUSH} sends it. */
    @Benchmark
    public byte[] redisDocument() throws IOException {
        return redis.document(sample);
    }

    /** influxdb: one sample's line-protocol points (30 lines for this sample). */
    @Benchmark
    public String influxdbLines() {
        return InfluxdbDriver.lines(sample, "h");
    }

    /**
     * A driver whose writer does nothing, so its thread keeps up and {@code add} is an offer to a
     * queue its thread drains concurrently. The queue holds {@value #BURST_CAPACITY} samples (the agent's
     * default is 10,000) because a tight loop of adds outruns the drain whenever this shared host
     * deschedules the driver's thread for a millisecond; a drop would measure the drop path (and its
     * log call, which needs the Quarkus build and throws here) instead. Made fresh for every
     * iteration, which prints how many samples were written and dropped.
     */
    @State(Scope.Benchmark)
    public static class Queue {

        static final int BURST_CAPACITY = 1_000_000;

        QueuedDriver driver;

        @Setup(Level.Iteration)
        public void start() {
            driver = new QueuedDriver("bench", batch -> { }, BURST_CAPACITY, Duration.ZERO);
        }

        @TearDown(Level.Iteration)
        public void stop() {
            driver.close();
            System.out.printf("(queue: %d written, %d dropped) ", driver.written(), driver.dropped());
        }
    }

    /** The caller's side of every driver in a burst: the housekeeping thread hands one sample over. */
    @Benchmark
    public void queuedAdd(Queue queue) {
        queue.driver.add(sample);
    }

    /**
     * A driver at rest, as the agent's are between samples: before each add its queue is empty and
     * its thread parked in its poll, so the add also wakes it. Needs a setup per invocation, whose
     * timer overhead (tens of ns) is in the score.
     */
    @State(Scope.Benchmark)
    public static class IdleQueue {

        QueuedDriver driver;
        Thread drain;
        long added;

        @Setup(Level.Iteration)
        public void start() {
            driver = new QueuedDriver("bench-idle", batch -> { }, 10_000, Duration.ZERO);
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().equals("storage-bench-idle")) {
                    drain = t;
                }
            }
            added = 0;
        }

        @Setup(Level.Invocation)
        public void awaitParked() {
            while (driver.written() < added || drain.getState() != Thread.State.TIMED_WAITING) {
                Thread.onSpinWait();
            }
            added++;
        }

        @TearDown(Level.Iteration)
        public void stop() {
            driver.close();
            System.out.printf("(idle queue: %d written, %d dropped) ", driver.written(), driver.dropped());
        }
    }

    /** One add to a driver at rest: the offer plus waking its thread. */
    @Benchmark
    public void queuedAddIdle(IdleQueue queue) {
        queue.driver.add(sample);
    }
}
