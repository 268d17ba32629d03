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

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One batch of {@value #BATCH} samples written by the redis or influxdb driver to a real peer that
 * this benchmark starts on loopback (the tests' {@link RedisPeer} and {@link InfluxPeer}) and kills at
 * the end: what one full buffer
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

    private RedisPeer redis;
    private InfluxPeer influx;
    private SampleWriter writer;
    private List<Sample> batch;
    private int iteration;

    @Setup(Level.Trial)
    public void startPeer() throws Exception {
        if (peer.equals("redis")) {
            redis = RedisPeer.start("jcadvisor-bench-redis");
            writer = new RedisDriver(HostPort.parse(redis.hostPort()), KEY, "h", StorageSamples.json());
        } else {
            influx = InfluxPeer.start("jcadvisor-bench-influxd");
            influx.query("", "CREATE DATABASE " + DATABASE);
            writer = new InfluxdbDriver(HostPort.parse(influx.hostPort()), false, DATABASE, "", "root", "root", "h");
        }
    }

    @Setup(Level.Iteration)
    public void nextBatch() throws Exception {
        int first = iteration++ * BATCH;
        batch = new ArrayList<>(BATCH);
        for (int i = first; i < first + BATCH; i++) {
            batch.add(StorageSamples.docker(i));
        }
        if (redis != null) {
            redis.del(KEY);
        }
    }

    @Benchmark
    public void writeBatch() throws Exception {
        writer.write(batch);
    }

    /** Shows that the batch landed: the list's length, or the points of one measurement so far. */
    @TearDown(Level.Iteration)
    public void check() throws Exception {
        if (redis != null) {
            System.out.printf("(list: %d documents) ", redis.llen(KEY));
        } else {
            System.out.printf("(cpu_usage_total points: %s) ", influx.query(DATABASE,
                    "SELECT count(value) FROM cpu_usage_total").at("/results/0/series/0/values/0/1").asText());
        }
    }

    @TearDown(Level.Trial)
    public void stopPeer() throws Exception {
        if (writer != null) {
            writer.close();
        }
        if (redis != null) {
            redis.close();
        }
        if (influx != null) {
            influx.close();
        }
    }
}
