package io.jcadvisor.cgroup;

import io.jcadvisor.config.MetricKind;
import io.jcadvisor.info.v1.ContainerSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The spec describes the container, whatever metric groups are collected: every field read from the
 * cgroup files is the same with upstream's default groups as with every group on, on each fixture
 * host (v1, hybrid, v2). The exceptions are upstream's own: {@code has_hugetlb} follows the
 * {@code hugetlb} group and {@code has_diskio} the {@code diskIO} group on v1 (both cAdvisor v0.36
 * and head drop those hierarchies with their groups).
 */
class SpecMetricGroupsTest {

    private static final String V1_DOCKER = "/docker/ec79a1f1d6b3c2e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8";
    private static final String V2_DOCKER = "/system.slice/"
            + "docker-4f1c2b9d8e7a6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b.scope";

    /** Every spec field the cgroup files give, by its upstream JSON path. */
    static Map<String, Function<ContainerSpec, Object>> groupIndependentFields() {
        Map<String, Function<ContainerSpec, Object>> f = new LinkedHashMap<>();
        f.put("creation_time", ContainerSpec::creationTime);
        f.put("start_time", ContainerSpec::startTime);
        f.put("has_cpu", ContainerSpec::hasCpu);
        f.put("cpu.limit", s -> s.cpu().limit());
        f.put("cpu.max_limit", s -> s.cpu().maxLimit());
        f.put("cpu.mask", s -> s.cpu().mask());
        f.put("cpu.quota", s -> s.cpu().quota());
        f.put("cpu.period", s -> s.cpu().period());
        f.put("has_memory", ContainerSpec::hasMemory);
        f.put("memory.limit", s -> s.memory().limit());
        f.put("memory.reservation", s -> s.memory().reservation());
        f.put("memory.swap_limit", s -> s.memory().swapLimit());
        f.put("has_processes", ContainerSpec::hasProcesses);
        f.put("processes.limit", s -> s.processes().limit());
        f.put("has_diskio", ContainerSpec::hasDiskio);
        f.put("has_network", ContainerSpec::hasNetwork);
        f.put("has_filesystem", ContainerSpec::hasFilesystem);
        f.put("has_custom_metrics", ContainerSpec::hasCustomMetrics);
        f.put("labels", ContainerSpec::labels);
        f.put("envs", ContainerSpec::envs);
        f.put("image", ContainerSpec::image);
        return f;
    }

    static Stream<Arguments> containers() {
        return Stream.of(
                Arguments.of("cgroup-v1-docker", "/"),
                Arguments.of("cgroup-v1-docker", V1_DOCKER),
                Arguments.of("hybrid", "/"),
                Arguments.of("hybrid", "/app"),
                Arguments.of("cgroup-v2-systemd", "/"),
                Arguments.of("cgroup-v2-systemd", "/demo"),
                Arguments.of("cgroup-v2-systemd", V2_DOCKER));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("containers")
    void everySpecFieldIsTheSameWithDefaultGroupsAsWithAll(String host, String name) throws Exception {
        ContainerSpec defaults = TestHosts.fixtureReaders(host, TestHosts.defaults()).open(name).spec();
        ContainerSpec all = TestHosts.fixtureReaders(host, TestHosts.all()).open(name).spec();
        groupIndependentFields().forEach((field, value) ->
                assertThat(value.apply(defaults)).as(field).isEqualTo(value.apply(all)));
        // The fields this change is about are really there, not equal because absent in both.
        assertThat(defaults.cpu().mask()).as("cpu.mask").isNotEmpty();
        if (!name.equals("/")) {
            assertThat(defaults.hasProcesses()).as("has_processes").isTrue();
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("containers")
    void everySpecFieldIsTheSameWithOnlyTheCpuGroup(String host, String name) throws Exception {
        // The smallest set a user can ask for: mask and process limit still come with the spec.
        Set<MetricKind> cpuOnly = EnumSet.of(MetricKind.CPU, MetricKind.MEMORY, MetricKind.DISK_IO);
        ContainerSpec few = TestHosts.fixtureReaders(host, cpuOnly).open(name).spec();
        ContainerSpec all = TestHosts.fixtureReaders(host, TestHosts.all()).open(name).spec();
        groupIndependentFields().forEach((field, value) ->
                assertThat(value.apply(few)).as(field).isEqualTo(value.apply(all)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("containers")
    void hugetlbAndDiskioFlagsFollowTheirGroupsOnV1AsUpstream(String host, String name) throws Exception {
        Set<MetricKind> noDiskIo = EnumSet.allOf(MetricKind.class);
        noDiskIo.removeAll(List.of(MetricKind.DISK_IO, MetricKind.HUGETLB));
        ContainerSpec without = TestHosts.fixtureReaders(host, noDiskIo).open(name).spec();
        ContainerSpec all = TestHosts.fixtureReaders(host, TestHosts.all()).open(name).spec();
        boolean v2 = host.startsWith("cgroup-v2");
        // v2: one unified path, so neither flag depends on a group (has_hugetlb is never set there).
        assertThat(without.hasDiskio()).as("has_diskio").isEqualTo(v2 && all.hasDiskio());
        assertThat(without.hasHugetlb()).as("has_hugetlb").isFalse();
        assertThat(without.cpu()).isEqualTo(all.cpu());
        assertThat(without.processes()).isEqualTo(all.processes());
    }
}
