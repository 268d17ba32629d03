package io.jcadvisor.info.v1;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
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
// upstream's field order (docs/api.md §3.3, MemoryStats), which the constructor's grouping does not follow
@JsonPropertyOrder({"usage", "max_usage", "cache", "rss", "swap", "mapped_file", "working_set", "total_active_file",
    "total_inactive_file", "file_dirty", "file_writeback", "pgscan", "pgsteal", "workingset_refault_file",
    "workingset_refault_anon", "failcnt", "kernel", "container_data", "hierarchical_data", "psi", "events"})
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
