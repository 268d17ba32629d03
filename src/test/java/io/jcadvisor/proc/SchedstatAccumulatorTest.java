package io.jcadvisor.proc;

import io.jcadvisor.info.v1.CpuSchedstat;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class SchedstatAccumulatorTest {

    private final Map<Integer, CpuSchedstat> files = new HashMap<>();
    private final SchedstatAccumulator accumulator = new SchedstatAccumulator(pid -> Optional.ofNullable(files.get(pid)));

    @Test
    void sumsTheProcessesReadNow() {
        files.put(10, new CpuSchedstat(100, 10, 1));
        files.put(11, new CpuSchedstat(200, 20, 2));
        assertThat(accumulator.sample(List.of(10, 11))).isEqualTo(new CpuSchedstat(300, 30, 3));
    }

    @Test
    void exitedProcessKeepsItsLastValues() {
        files.put(10, new CpuSchedstat(100, 10, 1));
        files.put(11, new CpuSchedstat(200, 20, 2));
        accumulator.sample(List.of(10, 11));
        files.remove(11);
        files.put(10, new CpuSchedstat(150, 15, 2));
        assertThat(accumulator.sample(List.of(10))).isEqualTo(new CpuSchedstat(350, 35, 4));
        files.put(10, new CpuSchedstat(160, 16, 3));
        assertThat(accumulator.sample(List.of(10))).isEqualTo(new CpuSchedstat(360, 36, 5));
    }

    @Test
    void pidThatVanishesBetweenListingAndReadingDoesNotZeroTheSample() {
        files.put(10, new CpuSchedstat(100, 10, 1));
        files.put(11, new CpuSchedstat(200, 20, 2));
        accumulator.sample(List.of(10, 11));
        files.remove(11);
        // still listed in cgroup.procs, but its file is gone: upstream would report 0, 0, 0 here
        assertThat(accumulator.sample(List.of(10, 11))).isEqualTo(new CpuSchedstat(300, 30, 3));
    }

    @Test
    void pidNeverSeenAndUnreadableIsSkipped() {
        files.put(10, new CpuSchedstat(100, 10, 1));
        assertThat(accumulator.sample(List.of(10, 99))).isEqualTo(new CpuSchedstat(100, 10, 1));
    }

    @Test
    void reusedPidStartsAfreshWithoutLosingTheOldCounters() {
        files.put(10, new CpuSchedstat(1000, 100, 10));
        accumulator.sample(List.of(10));
        files.put(10, new CpuSchedstat(5, 1, 1));
        assertThat(accumulator.sample(List.of(10))).isEqualTo(new CpuSchedstat(1005, 101, 11));
    }

    @Test
    void duplicatePidsCountOnce() {
        files.put(10, new CpuSchedstat(100, 10, 1));
        assertThat(accumulator.sample(List.of(10, 10))).isEqualTo(new CpuSchedstat(100, 10, 1));
    }

    @Test
    void noPidsIsZero() {
        assertThat(accumulator.sample(List.of())).isEqualTo(CpuSchedstat.ZERO);
    }
}
