package io.jcadvisor.storage;

import com.fasterxml.jackson.databind.JsonNode;
import io.jcadvisor.info.v1.ContainerReference;
import io.jcadvisor.testing.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Line protocol on its own, then against a real influxd 1.x started on free loopback ports. */
class InfluxdbDriverTest {

    private static InfluxPeer influx;

    @BeforeAll
    static void startInflux() throws Exception {
        influx = InfluxPeer.start("jcadvisor-storage-influx");
        influx.query("", "CREATE DATABASE cadvisor");
    }

    @AfterAll
    static void stopInflux() throws Exception {
        if (influx != null) {
            influx.close();
        }
    }

    @Test
    void onePointPerValueTaggedWithMachineContainerAndLabels() {
        List<String> lines = InfluxdbDriver.lines(StorageSamples.docker(0), "node-1").lines().toList();
        String tags = ",app=shop,container_name=web,machine=node-1";
        String time = " 1795752000123456789";
        assertThat(lines).contains(
                "cpu_usage_total" + tags + " value=1000000i" + time,
                "cpu_usage_per_cpu,app=shop,container_name=web,instance=1,machine=node-1 value=400i" + time,
                "load_average" + tags + " value=3i" + time,
                "rx_bytes" + tags + " value=5000i" + time,
                "referenced_memory" + tags + " value=77i" + time,
                "memory_working_set" + tags + " value=4096i" + time,
                "hugetlb_max_usage" + tags + ",page_size=2MB value=5i" + time,
                "fs_usage,app=shop,container_name=web,device=/dev/sda1,machine=node-1,type=usage value=250000i" + time,
                "fs_limit,app=shop,container_name=web,device=/dev/sda1,machine=node-1,type=limit value=1000000i"
                        + time);
        // upstream shares one tag map between these four, so they collapse into one series there
        String failure = "memory_failure,app=shop,container_name=web,failure_type=";
        assertThat(lines).filteredOn(l -> l.startsWith("memory_failure")).containsExactly(
                failure + "pgfault,machine=node-1,scope=container value=11i" + time,
                failure + "pgmajfault,machine=node-1,scope=container value=12i" + time,
                failure + "pgfault,machine=node-1,scope=hierarchical value=21i" + time,
                failure + "pgmajfault,machine=node-1,scope=hierarchical value=22i" + time);
    }

    @Test
    void tagsAreEscapedEmptyOnesLeftOutAndUint64WrittenAsInt64() {
        Sample odd = new Sample(ContainerReference.of("/system.slice/a b,c.service"),
                Map.of("k=1", "v 2", "empty", ""), io.jcadvisor.testing.Samples.stats(StorageSamples.T0, -1L, 1));
        assertThat(InfluxdbDriver.lines(odd, "")).startsWith(
                "cpu_usage_total,container_name=/system.slice/a\\ b\\,c.service,k\\=1=v\\ 2 value=-1i ");
    }

    @Test
    void samplesArriveInTheDatabaseWithTheirValuesAndTime() throws Exception {
        QueuedDriver driver = new QueuedDriver("influxdb", new InfluxdbDriver(HostPort.parse(influx.hostPort()), false,
                "cadvisor", "autogen", "root", "root", "node-1"), 1000, Duration.ofMillis(300), Duration.ofMillis(50));
        try {
            driver.add(StorageSamples.docker(0));
            driver.add(StorageSamples.docker(1));
            Await.until(Duration.ofSeconds(10), () -> driver.written() == 2);
        } finally {
            driver.close();
        }
        JsonNode cpu = series(influx.query("cadvisor",
                "SELECT value FROM cpu_usage_total WHERE container_name = 'web' AND machine = 'node-1'"));
        assertThat(cpu.get("values").toString()).isEqualTo(
                "[[1795752000123456789,1000000],[1795752001123456789,1000001]]");
        JsonNode failures = influx.query("cadvisor",
                "SELECT last(value) FROM memory_failure WHERE container_name = 'web' GROUP BY failure_type, scope");
        List<String> seen = new ArrayList<>();
        for (JsonNode s : failures.at("/results/0/series")) {
            seen.add(s.at("/tags/scope").asText() + "/" + s.at("/tags/failure_type").asText() + "="
                    + s.at("/values/0/1").asLong());
        }
        assertThat(seen).containsExactlyInAnyOrder("container/pgfault=11", "container/pgmajfault=12",
                "hierarchical/pgfault=21", "hierarchical/pgmajfault=22");
    }

    @Test
    void aStoppedServerDelaysTheBatchAndNothingIsLostWhenItComesBack() throws Exception {
        QueuedDriver driver = new QueuedDriver("influxdb", new InfluxdbDriver(HostPort.parse(influx.hostPort()), false,
                "cadvisor", "", "root", "root", "outage"), 1000, Duration.ofMillis(100), Duration.ofMillis(50));
        try {
            influx.stop();
            for (int i = 0; i < 5; i++) {
                driver.add(StorageSamples.docker(i));
            }
            Await.until(Duration.ofSeconds(10), () -> driver.failedWrites() >= 2);
            assertThat(driver.written()).isZero();
            influx.start();
            Await.until(Duration.ofSeconds(30), () -> driver.written() == 5);
            assertThat(driver.dropped()).isZero();
        } finally {
            driver.close();
        }
        JsonNode cpu = series(influx.query("cadvisor",
                "SELECT count(value) FROM cpu_usage_total WHERE machine = 'outage'"));
        assertThat(cpu.at("/values/0/1").asLong()).isEqualTo(5);
    }

    @Test
    void aMissingDatabaseIsRefusedAndItsBatchDroppedAndCounted() {
        QueuedDriver driver = new QueuedDriver("influxdb", new InfluxdbDriver(HostPort.parse(influx.hostPort()), false,
                "nodb", "", "root", "root", "node-1"), 1000, Duration.ZERO, Duration.ofMillis(50));
        try {
            driver.add(StorageSamples.docker(0));
            Await.until(Duration.ofSeconds(10), () -> driver.dropped() == 1);
            assertThat(driver.failedWrites()).isZero();
        } finally {
            driver.close();
        }
    }

    private static JsonNode series(JsonNode answer) {
        JsonNode series = answer.at("/results/0/series/0");
        assertThat(series.isMissingNode()).as("no series in %s", answer).isFalse();
        return series;
    }
}
