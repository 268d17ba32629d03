package io.jcadvisor.info.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Non-volatile memory; note upstream's key with a space. */
@RegisterForReflection
public record NvmInfo(
        @JsonProperty("memory_mode_capacity") long memoryModeCapacity,
        @JsonProperty("app direct_mode_capacity") long appDirectModeCapacity,
        @JsonProperty("avg_power_budget") long avgPowerBudget) {
    public static final NvmInfo NONE = new NvmInfo(0, 0, 0);
}
