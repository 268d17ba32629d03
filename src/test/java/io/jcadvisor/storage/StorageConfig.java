package io.jcadvisor.storage;

import io.jcadvisor.config.CadvisorConfig;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The {@code cadvisor.storage} group with upstream's defaults, for tests that build drivers by hand. */
record StorageConfig(Duration duration, int maxSamples, Optional<List<String>> driver, Duration driverBufferDuration,
        String driverDb, String driverHost, String driverUser, String driverPassword, boolean driverSecure,
        String driverTable, Optional<String> driverInfluxdbRetentionPolicy, int driverQueueSize)
        implements CadvisorConfig.Storage {

    static StorageConfig drivers(String... names) {
        return new StorageConfig(Duration.ofMinutes(2), 240, Optional.of(Arrays.asList(names)), Duration.ofMinutes(1),
                "cadvisor", "localhost:8086", "root", "root", false, "stats", Optional.empty(), 10_000);
    }

    StorageConfig host(String hostPort) {
        return new StorageConfig(duration, maxSamples, driver, driverBufferDuration, driverDb, hostPort, driverUser,
                driverPassword, driverSecure, driverTable, driverInfluxdbRetentionPolicy, driverQueueSize);
    }

    @Override
    public io.quarkus.runtime.configuration.MemorySize jsonCacheSize() {
        return new io.quarkus.runtime.configuration.MemorySize(java.math.BigInteger.valueOf(16L << 20));
    }
}
