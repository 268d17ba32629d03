package io.jcadvisor.proc;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProcCgroupParserTest {

    @Test
    void memoryHierarchyWinsOnV1() {
        assertThat(ProcCgroupParser.containerName(List.of("9:name=systemd:/", "4:memory:/docker/abc",
                "2:cpu,cpuacct:/other", "0::/"))).contains("/docker/abc");
    }

    @Test
    void cpuHierarchyIsTheFallback() {
        assertThat(ProcCgroupParser.containerName(List.of("3:cpuset:/x", "2:cpuacct:/y", "1:cpu,cpuacct:/kube/pod1",
                "0::/"))).contains("/kube/pod1");
    }

    @Test
    void unifiedLineOnV2() {
        assertThat(ProcCgroupParser.containerName(List.of("0::/system.slice/docker-4f1c.scope")))
                .contains("/system.slice/docker-4f1c.scope");
    }

    @Test
    void namedHierarchyIsNotTheUnifiedOne() {
        assertThat(ProcCgroupParser.containerName(List.of("1:name=systemd:/user.slice"))).isEmpty();
    }

    @Test
    void garbageOrEmptyIsAbsent() {
        assertThat(ProcCgroupParser.containerName(List.of())).isEmpty();
        assertThat(ProcCgroupParser.containerName(List.of("garbage", "1:memory"))).isEmpty();
    }
}
