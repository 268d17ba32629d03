package io.jcadvisor.info.v2;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jcadvisor.info.v1.TcpStat;
import io.jcadvisor.info.v1.UdpStat;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The pre-rendered zero table and the entry-by-entry path write the same text. */
class TcpAdvancedSerializerTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void sharedZeroTableAndAnEqualCopyWriteTheSameText() throws Exception {
        String shared = mapper.writeValueAsString(NetworkStats.interfacesOnly(List.of()));
        NetworkStats copy = new NetworkStats(List.of(), TcpStat.ZERO, TcpStat.ZERO, UdpStat.ZERO, UdpStat.ZERO,
                new LinkedHashMap<>(NetworkStats.ZERO_TCP_ADVANCED));
        assertThat(mapper.writeValueAsString(copy)).isEqualTo(shared);
        assertThat(shared).contains("\"tcp_advanced\":{\"RtoAlgorithm\":0,\"RtoMin\":0,")
                .endsWith("\"PAWSActive\":0,\"PAWSEstab\":0}}");
    }

    @Test
    void otherTablesAreWrittenEntryByEntry() throws Exception {
        Map<String, Long> table = new LinkedHashMap<>();
        table.put("RtoAlgorithm", 1L);
        table.put("MaxConn", -1L);
        table.put("Odd", null);
        NetworkStats stats = new NetworkStats(List.of(), TcpStat.ZERO, TcpStat.ZERO, UdpStat.ZERO, UdpStat.ZERO, table);
        assertThat(mapper.writeValueAsString(stats)).endsWith("\"tcp_advanced\":{\"RtoAlgorithm\":1,\"MaxConn\":-1,\"Odd\":null}}");
    }
}
