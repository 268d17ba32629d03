package io.jcadvisor.storage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.jcadvisor.api.JsonCustomizer;
import io.jcadvisor.info.v1.ContainerReference;
import io.jcadvisor.info.v1.ContainerStats;
import io.jcadvisor.info.v1.CpuStats;
import io.jcadvisor.info.v1.CpuUsage;
import io.jcadvisor.info.v1.FsStats;
import io.jcadvisor.info.v1.HugetlbStats;
import io.jcadvisor.info.v1.MemoryData;
import io.jcadvisor.info.v1.MemoryStats;
import io.jcadvisor.info.v1.NetworkStats;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The sample the storage benchmarks encode and write: the same shape as the agent's storage tests
 * use (a Docker-like container with cpu on 2 cpus, memory, one network interface, one filesystem and
 * one hugepage size), built here because the bench may not depend on the agent's test classes.
 */
final class BenchSamples {

    static final Instant T0 = Instant.parse("2026-11-27T04:00:00.123456789Z");

    private BenchSamples() {
    }

    /** Container {@code /docker/abc123}, alias {@code web}, label {@code app=shop}, taken at {@code T0 + i s}. */
    static Sample docker(int i) {
        return new Sample(new ContainerReference("abc123", "/docker/abc123", List.of("web", "abc123"), "docker"),
                Map.of("app", "shop"), full(T0.plusSeconds(i), 1_000_000L + i));
    }

    /** {@code count} consecutive samples of {@link #docker}, from {@code first} on (one a second). */
    static List<Sample> batch(int first, int count) {
        List<Sample> batch = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            batch.add(docker(first + i));
        }
        return batch;
    }

    private static ContainerStats full(Instant timestamp, long cpuTotal) {
        CpuStats cpu = new CpuStats(new CpuUsage(cpuTotal, new long[] {600, 400}, 700, 300), null, null, 3, 0, null);
        MemoryStats memory = new MemoryStats(8192, 9000, 1024, 2048, 0, 512, 100, 200, 4096, 1, 0, 0, 0, 0, 0, 0, 0,
                new MemoryData(11, 12, null), new MemoryData(21, 22, null), null, null);
        NetworkStats net = new NetworkStats("eth0", 5000, 50, 1, 0, 6000, 60, 2, 0, List.of(), null, null, null, null,
                null);
        FsStats fs = new FsStats("/dev/sda1", "vfs", 1_000_000, 250_000, 0, 750_000, false, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0);
        return new ContainerStats(timestamp, cpu, null, memory, Map.of("2MB", new HugetlbStats(4, 5, 6)), net,
                List.of(fs), null, null, 77, null, null, 0, null);
    }

    /** The ObjectMapper as Quarkus configures the agent's (RFC 3339 times, the agent's serializers). */
    static ObjectMapper json() {
        ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        new JsonCustomizer().customize(mapper);
        return mapper;
    }
}
