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

/** Upstream {@code MemoryStats}, bytes unless a counter. */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record MemoryStats(
        long usage,
        long maxUsage,
        long cache,
        long rss,
        long swap,
        long mappedFile,
        long totalActiveFile,
        long totalInactiveFile,
        long workingSet,
        long failcnt,
        long fileDirty,
        long fileWriteback,
        long pgscan,
        long pgsteal,
        long workingsetRefaultFile,
        long workingsetRefaultAnon,
        long kernel,
        MemoryData containerData,
        MemoryData hierarchicalData,
        PsiStats psi,
        MemoryEvents events) {
}
