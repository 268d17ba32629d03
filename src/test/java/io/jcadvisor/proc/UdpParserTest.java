package io.jcadvisor.proc;

import io.jcadvisor.info.v1.UdpStat;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class UdpParserTest {

    private static final String HEADER = "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when"
            + " retrnsmt   uid  timeout inode ref pointer drops";

    @Test
    void kernelTxQueueIsSummedIntoRxQueuedAsUpstreamDoes() {
        // tx_queue 0x10 and rx_queue 0x200: upstream reports RxQueued 16, TxQueued 512 (swapped)
        UdpStat stat = UdpParser.parse(List.of(HEADER,
                "  231: 0F02000A:A0E6 0202000A:0035 01 00000010:00000200 00:00000000 00000000     0        0"
                        + " 2402 2 0000000000000000 3")).orElseThrow();
        assertThat(stat).isEqualTo(new UdpStat(1, 3, 16, 512));
    }

    @Test
    void everySocketLineCountsAsListenButOnlyThirteenColumnLinesAddQueues() {
        UdpStat stat = UdpParser.parse(List.of(HEADER,
                "  123: 00000000:0044 00000000:0000 07 00000001:00000002 00:00000000 00000000     0        0"
                        + " 1712 2 0000000000000000 5",
                "  124: 00000000:0045 00000000:0000 07 00000100:00000100 00:00000000 00000000     0        0"
                        + " 1713 2 0000000000000000",
                "  125: garbage")).orElseThrow();
        assertThat(stat).isEqualTo(new UdpStat(3, 5, 1, 2));
    }

    @Test
    void headerOnlyIsZero() {
        assertThat(UdpParser.parse(List.of(HEADER))).contains(UdpStat.ZERO);
    }

    @Test
    void nonHexQueueFailsTheFile() {
        assertThat(UdpParser.parse(List.of(HEADER,
                "  123: 00000000:0044 00000000:0000 07 0000000G:00000000 00:00000000 00000000     0        0"
                        + " 1712 2 0000000000000000 0"))).isEmpty();
        assertThat(UdpParser.parse(List.of(HEADER,
                "  123: 00000000:0044 00000000:0000 07 00000000-00000000 00:00000000 00000000     0        0"
                        + " 1712 2 0000000000000000 0"))).isEmpty();
    }

    @Test
    void nonNumericDropsFailTheFile() {
        assertThat(UdpParser.parse(List.of(HEADER,
                "  123: 00000000:0044 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0"
                        + " 1712 2 0000000000000000 many"))).isEmpty();
    }
}
