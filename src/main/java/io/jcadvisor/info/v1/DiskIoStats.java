package io.jcadvisor.info.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Block I/O per device; units: bytes, ops, sectors, ns, cost in microseconds. */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DiskIoStats(
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<PerDiskStats> ioServiceBytes,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<PerDiskStats> ioServiced,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<PerDiskStats> ioQueued,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<PerDiskStats> sectors,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<PerDiskStats> ioServiceTime,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<PerDiskStats> ioWaitTime,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<PerDiskStats> ioMerged,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<PerDiskStats> ioTime,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<PerDiskStats> ioCostUsage,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<PerDiskStats> ioCostWait,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<PerDiskStats> ioCostIndebt,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<PerDiskStats> ioCostIndelay,
        PsiStats psi) {

    public static final DiskIoStats EMPTY = new DiskIoStats(List.of(), List.of(), List.of(), List.of(), List.of(),
            List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), PsiStats.ZERO);
}
