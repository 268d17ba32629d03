package io.jcadvisor.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Figures for the README, not a check: per-sample cost of {@link QueuedDriver#add} on the caller's
 * thread and of each driver's encoding, and the time one 10,000-sample batch takes against real
 * redis and influxd. Runs only when asked:
 * {@code mvn -B -q test -Dtest=StorageCostProbe -Djcadvisor.storage.probe=true}.
 */
@EnabledIfSystemProperty(named = "jcadvisor.storage.probe", matches = "true")
class StorageCostProbe {

    private static final int ROUNDS = 3;

    @Test
    void printCosts() throws Exception {
        Sample sample = StorageSamples.docker(0);
        RedisDriver redisEncoder = new RedisDriver(new HostPort("127.0.0.1", 1), "k", "h", StorageSamples.json());
        StdoutDriver stdout = new StdoutDriver(System.out, "h");
        long sink = 0;
        for (int round = 0; round < ROUNDS; round++) {
            int n = 100_000;
            long t = System.nanoTime();
            for (int i = 0; i < n; i++) {
                sink += stdout.line(sample).length();
            }
            report("stdout line", t, n);
            t = System.nanoTime();
            for (int i = 0; i < n; i++) {
                sink += StatsSeries.of(sample.stats(), "cpu_load_average").size();
            }
            report("statsd values", t, n);
            t = System.nanoTime();
            for (int i = 0; i < n; i++) {
                sink += redisEncoder.document(sample).length;
            }
            report("redis JSON document", t, n);
            t = System.nanoTime();
            for (int i = 0; i < n; i++) {
                sink += InfluxdbDriver.lines(sample, "h").length();
            }
            report("influxdb lines", t, n);
            // a writer that keeps up: add() is an offer to the queue
            QueuedDriver queued = new QueuedDriver("noop", batch -> { }, 10_000, Duration.ZERO);
            n = 1_000_000;
            t = System.nanoTime();
            for (int i = 0; i < n; i++) {
                queued.add(sample);
            }
            report("add() (" + queued.dropped() + " of " + n + " dropped: queue full)", t, n);
            queued.close();
        }
        List<Sample> batch = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            batch.add(StorageSamples.docker(i));
        }
        try (RedisPeer redis = RedisPeer.start("jcadvisor-storage-probe")) {
            RedisDriver writer = new RedisDriver(HostPort.parse(redis.hostPort()), "probe", "h", StorageSamples.json());
            for (int round = 0; round < ROUNDS; round++) {
                long t = System.nanoTime();
                writer.write(batch);
                System.out.printf("redis: one batch of 10000 samples in %d ms%n", (System.nanoTime() - t) / 1_000_000);
            }
            writer.close();
        }
        try (InfluxPeer influx = InfluxPeer.start("jcadvisor-storage-probe")) {
            influx.query("", "CREATE DATABASE cadvisor");
            InfluxdbDriver writer = new InfluxdbDriver(HostPort.parse(influx.hostPort()), false, "cadvisor", "", "root",
                    "root", "h");
            for (int round = 0; round < ROUNDS; round++) {
                long t = System.nanoTime();
                writer.write(batch);
                System.out.printf("influxdb: one batch of 10000 samples in %d ms%n",
                        (System.nanoTime() - t) / 1_000_000);
            }
        }
        System.out.println("(checksum " + sink + ")");
    }

    private static void report(String what, long startNanos, int n) {
        System.out.printf("%s: %d ns per sample%n", what, (System.nanoTime() - startNanos) / n);
    }
}
