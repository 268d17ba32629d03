package io.jcadvisor.info.v2;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;

/** Percentiles of one resource over a window: cpu in millicores, memory in bytes. */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Percentiles(boolean present, long mean, long std, long max, long fifty, long ninety, long ninetyfive,
        long count) {
    public static final Percentiles ABSENT = new Percentiles(false, 0, 0, 0, 0, 0, 0, 0);
}
