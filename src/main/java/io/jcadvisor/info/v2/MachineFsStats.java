package io.jcadvisor.info.v2;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Upstream v2 {@code MachineFsStats}: one filesystem of {@code /api/v2.1/machinestats}, sizes in
 * bytes. The disk counters sit in an object literally named {@code "inline"}: upstream's Go tag
 * meant to flatten them but does not, and clients read that key.
 *
 * @param inodesFree free inodes, only when the filesystem reports inodes (else null, absent)
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record MachineFsStats(
        String device,
        String type,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long capacity,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long usage,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long available,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long inodesFree,
        @JsonProperty("inline") DiskStats diskStats) {
}
