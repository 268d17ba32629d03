package io.jcadvisor.resctrl;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jcadvisor.host.HostFs;
import io.jcadvisor.info.v1.ResctrlStats;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads over the hand-made mounts of {@code host/resctrl-*}. */
class ResctrlReaderTest {

    private static final MonFeatures ALL = new MonFeatures(true, true, true);

    private final ResctrlReader twoDomains = new ResctrlReader(new HostFs(ResctrlHosts.fixture("resctrl-2domain")));
    private final ResctrlReader bad = new ResctrlReader(new HostFs(ResctrlHosts.fixture("resctrl-bad")));

    @Test
    void featuresAndRmidsComeFromInfoL3Mon() {
        assertThat(twoDomains.features()).contains(ALL);
        assertThat(twoDomains.numRmids()).hasValue(176);
        assertThat(bad.numRmids()).isEmpty();
    }

    @Test
    void noMonitoringMeansNoFeatures() {
        assertThat(new ResctrlReader(new HostFs(ResctrlHosts.fixture("resctrl-alloc-only"))).features()).isEmpty();
        assertThat(new ResctrlReader(new HostFs(ResctrlHosts.fixture("cgroup-v2-systemd"))).features()).isEmpty();
    }

    @Test
    void rootGroupValuesPerDomainInOrder() {
        ResctrlStats stats = twoDomains.stats(ResctrlReader.ROOT, ALL);
        assertThat(stats.memoryBandwidth()).containsExactly(
                new ResctrlStats.MemoryBandwidthStats(3096457216L, 2048000000L),
                new ResctrlStats.MemoryBandwidthStats(1245184000L, 1179648000L));
        assertThat(stats.cache()).containsExactly(new ResctrlStats.CacheStats(1441792),
                new ResctrlStats.CacheStats(983040));
    }

    @Test
    void monGroupValues() {
        ResctrlStats stats = twoDomains.stats(ResctrlReader.ROOT + "/mon_groups/other-tool", ALL);
        assertThat(stats.memoryBandwidth()).extracting(ResctrlStats.MemoryBandwidthStats::mbmTotalBytes)
                .containsExactly(73400320L, 4194304L);
        assertThat(stats.cache()).extracting(ResctrlStats.CacheStats::llcOccupancy).containsExactly(212992L, 32768L);
    }

    @Test
    void onlyTheHostsEventsAreReported() {
        ResctrlStats cmtOnly = twoDomains.stats(ResctrlReader.ROOT, new MonFeatures(false, false, true));
        assertThat(cmtOnly.memoryBandwidth()).isEmpty();
        assertThat(cmtOnly.cache()).hasSize(2);
        ResctrlStats totalOnly = twoDomains.stats(ResctrlReader.ROOT, new MonFeatures(true, false, false));
        assertThat(totalOnly.memoryBandwidth()).containsExactly(new ResctrlStats.MemoryBandwidthStats(3096457216L, 0),
                new ResctrlStats.MemoryBandwidthStats(1245184000L, 0));
        assertThat(totalOnly.cache()).isEmpty();
    }

    @Test
    void badFilesAreAbsentValuesNeverErrors() {
        ResctrlStats stats = bad.stats(ResctrlReader.ROOT, ALL);
        // mon_L3_00: uint64 max kept, garbage and Unavailable absent; 01: files missing; 02: empty, negative;
        // mon_L3_x is not a domain.
        assertThat(stats.memoryBandwidth()).containsExactly(new ResctrlStats.MemoryBandwidthStats(-1L, 0),
                new ResctrlStats.MemoryBandwidthStats(0, 0), new ResctrlStats.MemoryBandwidthStats(0, 0));
        assertThat(stats.cache()).containsExactly(new ResctrlStats.CacheStats(0), new ResctrlStats.CacheStats(4096),
                new ResctrlStats.CacheStats(0));
    }

    @Test
    void groupWithoutMonDataIsEmpty() {
        assertThat(bad.stats(ResctrlReader.ROOT + "/mon_groups/keep", ALL)).isEqualTo(ResctrlStats.EMPTY);
        assertThat(bad.stats(ResctrlReader.ROOT + "/mon_groups/missing", ALL)).isEqualTo(ResctrlStats.EMPTY);
    }

    @Test
    void jsonShapeIsUpstreams() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertThat(json.writeValueAsString(twoDomains.stats(ResctrlReader.ROOT, ALL))).isEqualTo(
                "{\"memory_bandwidth\":[{\"mbm_total_bytes\":3096457216,\"mbm_local_bytes\":2048000000},"
                        + "{\"mbm_total_bytes\":1245184000,\"mbm_local_bytes\":1179648000}],"
                        + "\"cache\":[{\"llc_occupancy\":1441792},{\"llc_occupancy\":983040}]}");
        assertThat(json.writeValueAsString(ResctrlStats.EMPTY)).isEqualTo("{}");
        // Absent values are omitted per entry (upstream omitempty), unsigned when above Long.MAX_VALUE.
        assertThat(json.writeValueAsString(bad.stats(ResctrlReader.ROOT, ALL))).isEqualTo(
                "{\"memory_bandwidth\":[{\"mbm_total_bytes\":18446744073709551615},{},{}],"
                        + "\"cache\":[{},{\"llc_occupancy\":4096},{}]}");
    }

    @Test
    void controlGroupsAndTheirMonGroups() {
        assertThat(twoDomains.controlGroups()).containsExactly(ResctrlReader.ROOT, ResctrlReader.ROOT + "/allocA");
        assertThat(twoDomains.monGroups(ResctrlReader.ROOT)).containsExactly("cadvisor-system.slice-crashed",
                "other-tool");
        assertThat(twoDomains.tasks(ResctrlReader.ROOT + "/allocA")).containsExactly(135, 300, 301);
        assertThat(twoDomains.threads(133)).containsExactly(133, 1330, 1331);
        assertThat(twoDomains.threads(143)).isEqualTo(List.of(143));
    }
}
