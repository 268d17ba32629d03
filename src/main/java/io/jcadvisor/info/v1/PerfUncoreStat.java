package io.jcadvisor.info.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One uncore perf counter of the root container on one socket (upstream head {@code PerfUncoreStat}).
 *
 * @param scalingRatio time running ÷ time enabled
 * @param value        the count scaled by enabled ÷ running
 * @param name         the event name as configured
 * @param socket       socket (package) id
 * @param pmu          the PMU name, e.g. {@code uncore_imc_0}
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PerfUncoreStat(double scalingRatio, @JsonSerialize(using = Uint64Serializer.class) long value,
        String name, int socket, String pmu) {
}
