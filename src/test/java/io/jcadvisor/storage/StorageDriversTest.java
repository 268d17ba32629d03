package io.jcadvisor.storage;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StorageDriversTest {

    @Test
    void noNameMeansMemoryOnly() {
        StorageDrivers drivers = new StorageDrivers(StorageConfig.drivers("", " "), "h", StorageSamples.json(),
                System.out);
        assertThat(drivers.isEmpty()).isTrue();
        drivers.add(StorageSamples.docker(0));
        drivers.close();
    }

    @Test
    void anUnknownNameStopsStartUpNamingIt() {
        assertThatThrownBy(() -> new StorageDrivers(StorageConfig.drivers("stdout", "mysql"), "h",
                StorageSamples.json(), System.out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown backend storage driver: mysql");
    }

    @Test
    void upstreamDriversWithoutAPeerHereAreRefusedByName() {
        for (String name : new String[] {"kafka", "elasticsearch", "bigquery"}) {
            assertThatThrownBy(() -> new StorageDrivers(StorageConfig.drivers(name), "h", StorageSamples.json(),
                    System.out))
                    .hasMessageStartingWith("storage driver " + name + " is not supported by jcadvisor (see README");
        }
    }

    @Test
    void aBadHostStopsStartUp() {
        assertThatThrownBy(() -> new StorageDrivers(StorageConfig.drivers("redis").host("localhost"), "h",
                StorageSamples.json(), System.out))
                .hasMessageContaining("has no port");
    }

    @Test
    void everyConfiguredDriverGetsEverySample() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        StorageDrivers drivers = new StorageDrivers(StorageConfig.drivers("stdout", "stdout"), "h",
                StorageSamples.json(), out);
        try {
            assertThat(drivers.name()).isEqualTo("stdout,stdout");
            drivers.add(StorageSamples.docker(0));
            io.jcadvisor.testing.Await.until(Duration.ofSeconds(10),
                    () -> drivers.drivers().stream().allMatch(d -> d.written() == 1));
        } finally {
            drivers.close();
        }
        assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).hasSize(2);
    }
}
