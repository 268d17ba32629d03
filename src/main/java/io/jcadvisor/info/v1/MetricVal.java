package io.jcadvisor.info.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.Map;

/**
 * One value of an application metric ({@code custom_metrics} of a sample, upstream {@code MetricVal}).
 *
 * @param label      legacy single label; omitted when empty
 * @param labels     the sample's labels; omitted when empty
 * @param timestamp  when the collector read it
 * @param intValue   value of an {@code int} metric; omitted when 0
 * @param floatValue value of a {@code float} metric; omitted when 0
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record MetricVal(
        @JsonInclude(JsonInclude.Include.NON_EMPTY) String label,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> labels,
        Instant timestamp,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) long intValue,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) double floatValue) {
}
