package io.jcadvisor.info.v2;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;

/** Latest usage: cpu in millicores, memory (working set) in bytes. */
@RegisterForReflection
public record InstantUsage(long cpu, long memory) {
}
