package io.jcadvisor.info.v1;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryStatsJsonTest {

    @Test
    void fieldsComeInUpstreamsOrder() throws Exception {
        MemoryStats stats = new MemoryStats(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17,
                new MemoryData(1, 2, null), new MemoryData(3, 4, null), null, null);
        List<String> names = new ArrayList<>();
        new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(stats)).fieldNames()
                .forEachRemaining(names::add);
        assertThat(names).startsWith("usage", "max_usage", "cache", "rss", "swap", "mapped_file", "working_set",
                "total_active_file", "total_inactive_file");
        assertThat(names.indexOf("failcnt")).isGreaterThan(names.indexOf("workingset_refault_anon"));
        assertThat(names.indexOf("kernel")).isEqualTo(names.indexOf("failcnt") + 1);
    }
}
