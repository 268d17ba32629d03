package io.jcadvisor.info.v2;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;

/** A window's usage: how much of the window has data (0-100) and the percentiles. */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Usage(int percentComplete, Percentiles cpu, Percentiles memory) {
    public static final Usage EMPTY = new Usage(0, Percentiles.ABSENT, Percentiles.ABSENT);
}
