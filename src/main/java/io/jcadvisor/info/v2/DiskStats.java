package io.jcadvisor.info.v2;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Upstream v2 {@code DiskStats}: the {@code /proc/diskstats} counters of a machine filesystem,
 * written under the key {@code "inline"} of {@link MachineFsStats}. Counts are operations or
 * sectors; {@code *_duration} are nanoseconds (the kernel's milliseconds x 1e6). Null = absent.
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DiskStats(
        Long readsCompleted,
        Long readsMerged,
        Long sectorsRead,
        Long readDuration,
        Long writesCompleted,
        Long writesMerged,
        Long sectorsWritten,
        Long writeDuration,
        Long ioInProgress,
        Long ioDuration,
        Long weightedIoDuration) {
}
