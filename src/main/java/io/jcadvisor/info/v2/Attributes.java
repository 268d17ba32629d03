package io.jcadvisor.info.v2;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.jcadvisor.info.v1.DiskInfo;
import io.jcadvisor.info.v1.FsInfo;
import io.jcadvisor.info.v1.HugePagesInfo;
import io.jcadvisor.info.v1.NetInfo;
import io.jcadvisor.info.v1.Node;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;
import java.util.Map;

/**
 * Upstream v2 {@code Attributes} ({@code /api/v2.x/attributes}): version strings plus a subset of
 * the machine info, every field always written. Memory in bytes, frequency in kHz. Hugepages are
 * copied (upstream head; v0.36 wrote {@code null}).
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Attributes(
        String kernelVersion,
        String containerOsVersion,
        String dockerVersion,
        String dockerApiVersion,
        String cadvisorVersion,
        int numCores,
        @JsonProperty("cpu_frequency_khz") long cpuFrequencyKhz,
        long memoryCapacity,
        String machineId,
        String systemUuid,
        List<HugePagesInfo> hugepages,
        List<FsInfo> filesystems,
        Map<String, DiskInfo> diskMap,
        List<NetInfo> networkDevices,
        List<Node> topology,
        String cloudProvider,
        String instanceType) {
}
