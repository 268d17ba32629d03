package io.jcadvisor.info.v2;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;

/** One process of a container ({@code /api/v2.x/ps}): rss and virtual size in bytes. */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ProcessInfo(
        String user,
        int pid,
        @JsonProperty("parent_pid") int parentPid,
        String startTime,
        float percentCpu,
        float percentMem,
        long rss,
        long virtualSize,
        String status,
        String runningTime,
        String cgroupPath,
        String cmd,
        int fdCount,
        int psr) {
}
