package io.jcadvisor.info.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Upstream {@code MachineInfo} (the {@code machine} endpoint of every API version). */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MachineInfo(
        Instant timestamp,
        String vendorId,
        int numCores,
        int numPhysicalCores,
        int numSockets,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) int numBooks,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) int numDrawers,
        @JsonProperty("cpu_frequency_khz") long cpuFrequencyKhz,
        long memoryCapacity,
        long swapCapacity,
        Map<String, MemoryInfo> memoryByType,
        NvmInfo nvm,
        List<HugePagesInfo> hugepages,
        String machineId,
        String systemUuid,
        String bootId,
        List<FsInfo> filesystems,
        Map<String, DiskInfo> diskMap,
        List<NetInfo> networkDevices,
        List<Node> topology,
        String cloudProvider,
        String instanceType,
        String instanceId) {
}
