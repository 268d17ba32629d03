package io.jcadvisor.storage;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One batch of {@value #BATCH} samples written by the redis or influxdb driver to a real peer that
 * this benchmark starts on loopback ({@link LocalPeer}) and kills at the end: what one full buffer
 * window costs the driver's thread, encoding included. Each invocation is one batch
 * ({@link Mode#SingleShotTime}).
 *
 * <p>Each iteration writes the next {@value #BATCH} seconds of samples, as the agent would; redis's
 * list is emptied between iterations so its memory stays bounded, influxdb keeps its points.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(1)
public class StorageBatchBenchmark {

    static final int BATCH = 10_000;
    private static final String KEY = "jcadvisor";
    private static final String DATABASE = "cadvisor";

    @Param({"redis", "influxdb"})
    public String peer;

    private LocalPeer server;
    private SampleWriter writer;
    private List<Sample> batch;
    private int iteration;

    @Setup(Level.Trial)
    public void startPeer() throws Exception {
        if (peer.equals("redis")) {
            server = LocalPeer.redis();
            writer = new RedisDriver(server.hostPort(), KEY, "h", BenchSamples.json());
        } else {
            server = LocalPeer.influxd();
            server.influxQuery("", "CREATE DATABASE " + DATABASE);
            writer = new InfluxdbDriver(server.hostPort(), false, DATABASE, "", "root", "root", "h");
        }
    }

    @Setup(Level.Iteration)
    public void nextBatch() {
        batch = BenchSamples.batch(iteration++ * BATCH, BATCH);
        if (peer.equals("redis")) {
            server.redisCommand("DEL " + KEY);
        }
    }

    @Benchmark
    public void writeBatch() throws Exception {
        writer.write(batch);
    }

    /** Shows that the batch landed: the list's length, or the points of one measurement so far. */
    @TearDown(Level.Iteration)
    public void check() throws Exception {
        if (peer.equals("redis")) {
            System.out.printf("(list: %s documents) ", server.redisCommand("LLEN " + KEY).substring(1));
        } else {
            String answer = server.influxQuery(DATABASE, "SELECT count(value) FROM cpu_usage_total");
            System.out.printf("(cpu_usage_total points: %s) ",
                    answer.strip().replaceAll(".*\\[\"[^\"]*\",(\\d+)\\].*", "$1"));
        }
    }

    @TearDown(Level.Trial)
    public void stopPeer() {
        if (writer != null) {
            writer.close();
        }
        if (server != null) {
            server.close();
        }
    }
}
