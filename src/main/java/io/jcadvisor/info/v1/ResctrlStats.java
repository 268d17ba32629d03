package io.jcadvisor.info.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * Intel RDT monitoring of a container (upstream head {@code ResctrlStats}), one entry per L3
 * monitoring domain ({@code mon_data/mon_L3_<NN>}, about one per NUMA node), in domain order.
 * Written as {@code {}} when resctrl is off or the host has none.
 *
 * @param memoryBandwidth MBM counters per domain; omitted when empty
 * @param cache           CMT LLC occupancy per domain; omitted when empty
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ResctrlStats(List<MemoryBandwidthStats> memoryBandwidth, List<CacheStats> cache) {
    public static final ResctrlStats EMPTY = new ResctrlStats(List.of(), List.of());

    /**
     * Memory bandwidth of one domain, cumulative bytes since the monitoring group was made.
     *
     * @param mbmTotalBytes {@code mbm_total_bytes}
     * @param mbmLocalBytes {@code mbm_local_bytes}
     */
    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record MemoryBandwidthStats(
            @JsonInclude(JsonInclude.Include.NON_DEFAULT) @JsonSerialize(using = Uint64Serializer.class)
            long mbmTotalBytes,
            @JsonInclude(JsonInclude.Include.NON_DEFAULT) @JsonSerialize(using = Uint64Serializer.class)
            long mbmLocalBytes) {
    }

    /**
     * Cache use of one domain.
     *
     * @param llcOccupancy {@code llc_occupancy}, bytes
     */
    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CacheStats(
            @JsonInclude(JsonInclude.Include.NON_DEFAULT) @JsonSerialize(using = Uint64Serializer.class)
            long llcOccupancy) {
    }
}
