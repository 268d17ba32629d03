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

/** Intel RDT stats; not collected, written as {@code {}} like upstream on hosts without resctrl. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResctrlStats() {
    public static final ResctrlStats EMPTY = new ResctrlStats();
}
