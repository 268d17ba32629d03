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

/** Pressure stall information from a {@code *.pressure} file (cgroup v2). */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonSerialize(using = PsiStatsSerializer.class)
public record PsiStats(PsiData full, PsiData some) {
    public static final PsiStats ZERO = new PsiStats(PsiData.ZERO, PsiData.ZERO);
}
