package io.jcadvisor.cgroup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the readers produce serialises in upstream's shape (omissions, uint64). */
class CgroupJsonTest {

    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void v2SpecShowsUnlimitedSwapAsUint64Max() throws Exception {
        String spec = json.writeValueAsString(
                TestHosts.fixtureReaders("cgroup-v2-systemd", TestHosts.all()).open("/demo").spec());
        assertThat(spec).contains("\"cpu\":{\"limit\":2597,\"max_limit\":0,\"mask\":\"1\",\"quota\":50000,"
                + "\"period\":100000}");
        assertThat(spec).contains("\"memory\":{\"limit\":67108864,\"swap_limit\":18446744073709551615}");
        assertThat(spec).contains("\"start_time\":\"0001-01-01T00:00:00Z\"");
        assertThat(spec).contains("\"processes\":{\"limit\":100}");
    }

    @Test
    void v1StatsOmitWhatWasNotCollected() throws Exception {
        String stats = json.writeValueAsString(
                TestHosts.fixtureReaders("cgroup-v1-docker", TestHosts.defaults()).open("/docker/"
                        + "ec79a1f1d6b3c2e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8").stats());
        assertThat(stats).contains("\"per_cpu_usage\":[6902390,11145569]");
        assertThat(stats).doesNotContain("\"processes\"", "\"network\"", "\"hugetlb\"", "numa_stats");
        assertThat(stats).contains("\"oom_events\":2", "\"cpuset\":{\"memory_migrate\":0}");
    }
}
