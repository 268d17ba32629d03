package io.jcadvisor.info.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One core perf counter of a container on one CPU (upstream head {@code PerfStat}).
 *
 * @param scalingRatio time running ÷ time enabled, 1.0 when the counter was never multiplexed
 * @param value        the count scaled by enabled ÷ running
 * @param name         the event name as configured
 * @param cpu          CPU number
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PerfStat(double scalingRatio, @JsonSerialize(using = Uint64Serializer.class) long value, String name,
        int cpu) {
}
