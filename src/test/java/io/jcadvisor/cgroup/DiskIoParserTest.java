package io.jcadvisor.cgroup;

import io.jcadvisor.info.v1.DiskIoStats;
import io.jcadvisor.info.v1.PerDiskStats;
import io.jcadvisor.info.v1.PsiStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DiskIoParserTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "blkio.throttle.io_service_bytes, SERVICE_BYTES",
            "blkio.bfq.io_serviced_recursive, SERVICED",
            "blkio.io_queued_recursive, QUEUED",
            "blkio.sectors_recursive, SECTORS",
            "blkio.io_service_time_recursive, SERVICE_TIME",
            "blkio.io_wait_time_recursive, WAIT_TIME",
            "blkio.io_merged_recursive, MERGED",
            "blkio.time_recursive, TIME",
    })
    void mapsV1FilesToLists(String file, DiskIoParser.Kind kind) {
        assertThat(DiskIoParser.kindOfV1File(file)).isEqualTo(kind);
    }

    @Test
    void groupsV1LinesPerDeviceAndSkipsTheTotalLine() {
        DiskIoParser.Builder b = new DiskIoParser.Builder();
        DiskIoParser.parseBlkio("8:0 Read 4096\n8:0 Write 8192\n8:16 Read 1\n8:0 Total 12288\nTotal 12289\n",
                DiskIoParser.Kind.SERVICE_BYTES, b);
        DiskIoParser.parseBlkio("8:0 77\n", DiskIoParser.Kind.SECTORS, b);
        DiskIoStats stats = b.build(PsiStats.ZERO, DeviceNamer.NONE);
        assertThat(stats.ioServiceBytes()).containsExactly(
                new PerDiskStats("", 8, 0, Map.of("Read", 4096L, "Write", 8192L, "Total", 12288L)),
                new PerDiskStats("", 8, 16, Map.of("Read", 1L)));
        assertThat(stats.sectors()).containsExactly(new PerDiskStats("", 8, 0, Map.of("Count", 77L)));
        assertThat(stats.ioServiced()).isEmpty();
    }

    @Test
    void countsDeviceLinesSoATotalOnlyFileCountsAsEmpty() {
        DiskIoParser.Builder b = new DiskIoParser.Builder();
        assertThat(DiskIoParser.parseBlkio("Total 0\n", DiskIoParser.Kind.SERVICED, b)).isZero();
        assertThat(DiskIoParser.parseBlkio(null, DiskIoParser.Kind.SERVICED, b)).isZero();
        assertThat(DiskIoParser.parseBlkio("8:0 Read 1\n8:0 Write 2\nTotal 3\n", DiskIoParser.Kind.SERVICED, b))
                .isEqualTo(2);
        assertThat(DiskIoParser.parseBlkio("8:0 77\n", DiskIoParser.Kind.SECTORS, b)).isEqualTo(1);
    }

    @Test
    void badV1InputNeverThrows() {
        DiskIoParser.Builder b = new DiskIoParser.Builder();
        DiskIoParser.parseBlkio(null, DiskIoParser.Kind.SERVICED, b);
        DiskIoParser.parseBlkio("", DiskIoParser.Kind.SERVICED, b);
        DiskIoParser.parseBlkio("garbage\n8:x Read 1\n8:0 Read abc\n8:0 Read 99999999999999999999\n:\n",
                DiskIoParser.Kind.SERVICED, b);
        assertThat(b.build(PsiStats.ZERO, DeviceNamer.NONE).ioServiced()).isEmpty();
    }

    @Test
    void parsesV2IoStat() {
        DiskIoParser.Builder b = new DiskIoParser.Builder();
        DiskIoParser.parseIoStat("254:16 rbytes=12288 wbytes=0 rios=3 wios=0 dbytes=0 dios=0\n"
                + "254:0 rbytes=8400896 wbytes=8388608 rios=11 wios=8 dbytes=0 dios=0 cost.vrate=100.00 "
                + "cost.usage=5 cost.wait=6 cost.indebt=7 cost.indelay=8\n", b);
        DiskIoStats stats = b.build(PsiStats.ZERO, DeviceNamer.NONE);
        assertThat(stats.ioServiceBytes()).containsExactly(
                new PerDiskStats("", 254, 16, Map.of("Read", 12288L, "Write", 0L)),
                new PerDiskStats("", 254, 0, Map.of("Read", 8400896L, "Write", 8388608L)));
        assertThat(stats.ioServiced().get(1).stats()).isEqualTo(Map.of("Read", 11L, "Write", 8L));
        assertThat(stats.ioCostUsage()).containsExactly(new PerDiskStats("", 254, 0, Map.of("Count", 5L)));
        assertThat(stats.ioCostWait().get(0).stats()).containsEntry("Count", 6L);
        assertThat(stats.ioCostIndebt().get(0).stats()).containsEntry("Count", 7L);
        assertThat(stats.ioCostIndelay().get(0).stats()).containsEntry("Count", 8L);
        assertThat(stats.sectors()).isEmpty();
    }

    @Test
    void badV2InputNeverThrows() {
        DiskIoParser.Builder b = new DiskIoParser.Builder();
        DiskIoParser.parseIoStat("garbage\n254:0 rbytes=x wbytes\n\n254:0 =1 rios=18446744073709551615\n", b);
        assertThat(b.build(PsiStats.ZERO, DeviceNamer.NONE).ioServiced()).containsExactly(
                new PerDiskStats("", 254, 0, Map.of("Read", -1L)));
    }
}
