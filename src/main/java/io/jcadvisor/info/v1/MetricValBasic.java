package io.jcadvisor.info.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;

/**
 * One application metric value as the {@code appmetrics} endpoint lists it (upstream {@code MetricValBasic}).
 *
 * @param timestamp  when the collector read it
 * @param intValue   value of an {@code int} metric; omitted when 0
 * @param floatValue value of a {@code float} metric; omitted when 0
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record MetricValBasic(
        Instant timestamp,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) long intValue,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) double floatValue) {
}
