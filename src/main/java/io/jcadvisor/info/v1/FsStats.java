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

/** Filesystem usage and I/O of one device; times in ms, sizes in bytes. */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FsStats(
        @JsonInclude(JsonInclude.Include.NON_EMPTY) String device,
        String type,
        long capacity,
        long usage,
        long baseUsage,
        long available,
        boolean hasInodes,
        long inodes,
        long inodesFree,
        long readsCompleted,
        long readsMerged,
        long sectorsRead,
        long readTime,
        long writesCompleted,
        long writesMerged,
        long sectorsWritten,
        long writeTime,
        long ioInProgress,
        long ioTime,
        long weightedIoTime) {
}
