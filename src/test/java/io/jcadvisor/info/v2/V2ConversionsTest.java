package io.jcadvisor.info.v2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.jcadvisor.api.ApiFixture;
import io.jcadvisor.info.v1.ContainerReference;
import io.jcadvisor.info.v1.ContainerSpec;
import io.jcadvisor.info.v1.ContainerStats;
import io.jcadvisor.info.v1.CpuCfs;
import io.jcadvisor.info.v1.CpuSchedstat;
import io.jcadvisor.info.v1.CpuStats;
import io.jcadvisor.info.v1.CpuUsage;
import io.jcadvisor.info.v1.FsStats;
import io.jcadvisor.info.v1.MemorySpec;
import io.jcadvisor.info.v1.PsiStats;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class V2ConversionsTest {

    static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    static final Instant T = Instant.parse("2026-11-26T22:00:00Z");

    static ContainerStats at(Instant t, long total, long user, long system, long... perCpu) {
        CpuStats cpu = new CpuStats(new CpuUsage(total, perCpu, user, system), CpuCfs.ZERO, CpuSchedstat.ZERO, 0, 0,
                PsiStats.ZERO);
        return new ContainerStats(t, cpu, null, null, null, null, null, null, null, 0, null, null, 0, null);
    }

    /** Through the text form: {@code valueToTree} would turn the unsigned serializer's numbers into doubles. */
    static JsonNode tree(Object value) throws Exception {
        return MAPPER.readTree(MAPPER.writeValueAsString(value));
    }

    @Test
    void rateIsNanocoresBetweenConsecutiveSamples() {
        CpuInstStats inst = V2Conversions.instCpuStats(at(T, 1_000, 500, 500, 600, 400),
                at(T.plusMillis(500), 501_000, 250_500, 100_500, 300_600, 200_400));
        // 500_000 ns of CPU in 0.5 s = 1_000_000 nanocores (a thousandth of a core)
        assertThat(inst.usage()).isEqualTo(new CpuInstUsage(1_000_000, new long[] {600_000, 400_000}, 500_000, 200_000));
    }

    @Test
    void noRateForFirstSampleBackwardsTimeCpuCountChangeOrDecreasingCounter() {
        ContainerStats a = at(T, 1_000, 500, 500, 600, 400);
        assertThat(V2Conversions.instCpuStats(null, a)).isNull();
        assertThat(V2Conversions.instCpuStats(a, at(T, 2_000, 600, 600, 700, 500))).as("same time").isNull();
        assertThat(V2Conversions.instCpuStats(a, at(T.minusSeconds(1), 2_000, 600, 600, 700, 500))).isNull();
        assertThat(V2Conversions.instCpuStats(a, at(T.plusSeconds(1), 2_000, 600, 600, 700))).as("cpus").isNull();
        assertThat(V2Conversions.instCpuStats(a, at(T.plusSeconds(1), 900, 600, 600, 700, 500))).as("total").isNull();
        assertThat(V2Conversions.instCpuStats(a, at(T.plusSeconds(1), 2_000, 600, 600, 700, 300))).as("percpu")
                .isNull();
    }

    @Test
    void unsignedCountersAboveLongMaxStillGiveARate() {
        long big = Long.MIN_VALUE; // 2^63 as uint64
        CpuInstStats inst = V2Conversions.instCpuStats(at(T, big, 0, 0), at(T.plusSeconds(1), big + 1_000, 0, 0));
        assertThat(inst.usage().total()).isEqualTo(1_000);
    }

    @Test
    void deprecatedStatsKeepUpstreamsProcessesBugAndFillEveryMissingSection() throws Exception {
        ContainerSpec spec = ApiFixture.dockerContainer().spec();
        assertThat(spec.hasProcesses()).isTrue();
        List<DeprecatedContainerStats> stats = V2Conversions.deprecatedStats(spec, ApiFixture.dockerSamples());
        assertThat(stats).extracting(DeprecatedContainerStats::timestamp)
                .containsExactly(ApiFixture.T0, ApiFixture.T0.plusSeconds(1), ApiFixture.T0.plusSeconds(2));
        assertThat(stats.get(0).cpuInst()).isNull();
        assertThat(stats.get(1).cpuInst()).isNotNull();
        assertThat(stats).allSatisfy(s -> {
            assertThat(s.hasProcesses()).isFalse();
            assertThat(s.processes().processCount()).isZero();
            assertThat(s.hasLoad()).isFalse();
        });
        // A sample without diskio on a spec with has_diskio: zeros, not a failure (upstream would panic).
        ContainerStats bare = at(T, 1, 1, 1);
        DeprecatedContainerStats d = V2Conversions.deprecatedStats(spec, List.of(bare)).get(0);
        assertThat(d.diskio()).isNotNull();
        assertThat(d.memory()).isNotNull();
        assertThat(d.network().interfaces()).isEmpty();
        JsonNode json = tree(d);
        assertThat(json.has("filesystem")).isFalse();
        assertThat(json.has("hugetlb")).isFalse();
        assertThat(json.has("cpu_inst")).isFalse();
        assertThat(json.get("network").get("tcp_advanced").size()).isEqualTo(99);
        assertThat(json.get("load_stats").get("nr_running").asLong()).isZero();
    }

    @Test
    void v21StatsOmitSectionsTheSpecLacksAndFilesystemUnlessExactlyOne() throws Exception {
        ContainerSpec bare = new ContainerSpec(T, T, null, null, false, null, false, null, false, false, false, null,
                false, false, false, null, null);
        List<io.jcadvisor.info.v2.ContainerStats> stats = V2Conversions.containerStats(bare, ApiFixture.dockerSamples());
        JsonNode json = tree(stats.get(1));
        assertThat(json.fieldNames()).toIterable().containsExactly("timestamp", "resctrl");

        List<io.jcadvisor.info.v2.ContainerStats> root = V2Conversions.containerStats(ApiFixture.root().spec(),
                ApiFixture.rootSamples());
        assertThat(root.get(0).filesystem()).as("two entries").isNull();

        List<io.jcadvisor.info.v2.ContainerStats> docker = V2Conversions.containerStats(
                ApiFixture.dockerContainer().spec(), ApiFixture.dockerSamples());
        JsonNode fs = tree(docker.get(0).filesystem());
        assertThat(fs.toString())
                .isEqualTo("{\"totalUsageBytes\":40960,\"baseUsageBytes\":4096,\"containter_inode_usage\":1}");
        JsonNode net = tree(docker.get(0).network());
        assertThat(net.get("tcp").get("Established").asLong()).isEqualTo(1);
        assertThat(net.get("udp").get("Listen").asLong()).isZero();
    }

    @Test
    void v2SpecDropsQuotaPeriodAndProcessLimit() throws Exception {
        ContainerReference ref = ApiFixture.dockerContainer().reference();
        io.jcadvisor.info.v2.ContainerSpec spec = V2Conversions.containerSpec(ref, ApiFixture.dockerContainer().spec());
        JsonNode json = tree(spec);
        assertThat(json.get("cpu").toString()).isEqualTo("{\"limit\":1024,\"max_limit\":0,\"mask\":\"0-1\"}");
        assertThat(json.get("processes").toString()).isEqualTo("{}");
        assertThat(json.get("aliases").get(0).asText()).isEqualTo("web");
        assertThat(json.get("namespace").asText()).isEqualTo("docker");
        assertThat(json.get("memory").get("reservation").toString()).isEqualTo("9223372036854771712");
        assertThat(json.fieldNames()).toIterable().containsExactly("creation_time", "start_time", "aliases",
                "namespace", "labels", "has_cpu", "cpu", "has_memory", "memory", "has_hugetlb", "has_custom_metrics",
                "has_processes", "processes", "has_network", "has_filesystem", "has_diskio", "image");
    }

    @Test
    void zeroMemoryLimitBecomesMachineMemoryButSentinelsPassThrough() {
        ContainerSpec zero = ApiFixture.systemSlice().spec();
        assertThat(V2Conversions.withMachineMemoryLimit(zero, 42).memory()).isEqualTo(new MemorySpec(42, 0, 0));
        ContainerSpec unlimited = ApiFixture.dockerParent().spec();
        assertThat(V2Conversions.withMachineMemoryLimit(unlimited, 42)).isSameAs(unlimited);
    }

    @Test
    void machineFsStatsConvertsMillisecondsToNanosecondsUnderInline() throws Exception {
        FsStats fs = new FsStats("/dev/vda1", "vfs", 100, 40, 0, 60, true, 10, 4, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        JsonNode json = tree(V2Conversions.machineFsStats(fs));
        assertThat(json.toString()).isEqualTo("{\"device\":\"/dev/vda1\",\"type\":\"vfs\",\"capacity\":100,"
                + "\"usage\":40,\"available\":60,\"inodes_free\":4,\"inline\":{\"reads_completed\":1,"
                + "\"reads_merged\":2,\"sectors_read\":3,\"read_duration\":4000000,\"writes_completed\":5,"
                + "\"writes_merged\":6,\"sectors_written\":7,\"write_duration\":8000000,\"io_in_progress\":9,"
                + "\"io_duration\":10000000,\"weighted_io_duration\":11000000}}");
        FsStats noInodes = new FsStats("tmpfs", "", 0, 0, 0, 0, false, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        assertThat(tree(V2Conversions.machineFsStats(noInodes)).has("inodes_free")).isFalse();
    }

    @Test
    void machineStatsAreOldestFirstWithRateFromTheSecond() {
        List<MachineStats> stats = V2Conversions.machineStats(ApiFixture.root().spec(), ApiFixture.rootSamples());
        assertThat(stats).hasSize(2);
        assertThat(stats.get(0).cpuInst()).isNull();
        assertThat(stats.get(1).cpuInst().usage().total()).isEqualTo(1_000_000_000L);
        assertThat(stats.get(1).filesystem()).hasSize(2);
    }
}
