package io.jcadvisor.testing;

import io.jcadvisor.info.v1.ContainerSpec;
import io.jcadvisor.info.v1.ContainerStats;
import io.jcadvisor.info.v1.CpuStats;
import io.jcadvisor.info.v1.CpuUsage;
import io.jcadvisor.info.v1.MachineInfo;
import io.jcadvisor.info.v1.MemoryStats;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Small builders for the wide info records. */
public final class Samples {

    private Samples() {
    }

    /** A sample with cumulative cpu ns and a working set; everything else absent. */
    public static ContainerStats stats(Instant timestamp, long cpuTotal, long workingSet) {
        CpuStats cpu = new CpuStats(new CpuUsage(cpuTotal, new long[0], 0, 0), null, null, 0, 0, null);
        MemoryStats memory = new MemoryStats(workingSet, 0, 0, 0, 0, 0, 0, 0, workingSet, 0, 0, 0, 0, 0, 0, 0, 0, null,
                null, null, null);
        return new ContainerStats(timestamp, cpu, null, memory, null, null, null, null, null, 0, null, null, 0, null);
    }

    public static ContainerSpec spec(Instant created, boolean hasCpu, boolean hasMemory) {
        return new ContainerSpec(created, null, Map.of(), Map.of(), hasCpu, null, hasMemory, null, false, false, false,
                null, false, false, false, List.of(), null);
    }

    public static MachineInfo machine() {
        return new MachineInfo(Instant.EPOCH, "test", 2, 2, 1, 0, 0, 1_000_000, 1L << 30, 0, Map.of(), null, List.of(),
                "machine-id", "uuid", "boot-id", List.of(), Map.of(), List.of(), List.of(), "Unknown", "Unknown",
                "None");
    }
}
