package io.jcadvisor.manager;

import io.jcadvisor.cgroup.ContainerGoneException;
import io.jcadvisor.container.ContainerHandler;
import io.jcadvisor.info.v1.ContainerReference;
import io.jcadvisor.info.v1.ContainerSpec;
import io.jcadvisor.info.v1.ContainerStats;
import io.jcadvisor.testing.Samples;

import java.time.Clock;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Supplier;
import java.util.concurrent.atomic.AtomicInteger;

/** A handler whose samples the test sets: cpu and working set values, or a failure. */
final class FakeHandler implements ContainerHandler {

    final String name;
    final Clock clock;
    final ContainerReference reference;
    volatile ContainerSpec spec;
    volatile long cpu;
    volatile long workingSet;
    /** When set, {@link #stats()} throws it. */
    volatile Exception failure;
    final AtomicInteger statsCalls = new AtomicInteger();
    final AtomicInteger specCalls = new AtomicInteger();
    volatile boolean closed;
    /** When set, samples come without their cpu section (a partial read). */
    volatile boolean withoutCpu;
    /** What {@link #exitCode()} answers (it may throw or block). */
    volatile Supplier<OptionalInt> exitCode = OptionalInt::empty;
    final AtomicInteger exitCodeCalls = new AtomicInteger();

    FakeHandler(String name, Clock clock, ContainerReference reference, ContainerSpec spec) {
        this.name = name;
        this.clock = clock;
        this.reference = reference;
        this.spec = spec;
    }

    @Override
    public ContainerReference reference() {
        return reference;
    }

    @Override
    public ContainerSpec spec() {
        specCalls.incrementAndGet();
        return spec;
    }

    @Override
    public ContainerStats stats() throws ContainerGoneException {
        statsCalls.incrementAndGet();
        Exception f = failure;
        if (f instanceof ContainerGoneException gone) {
            throw gone;
        }
        if (f instanceof RuntimeException r) {
            throw r;
        }
        ContainerStats s = Samples.stats(clock.instant(), cpu, workingSet);
        return withoutCpu ? new ContainerStats(s.timestamp(), null, null, s.memory(), null, null, null, null, null, 0,
                null, null, 0, null) : s;
    }

    @Override
    public List<Integer> pids() {
        return List.of(1, 2);
    }

    @Override
    public OptionalInt exitCode() {
        exitCodeCalls.incrementAndGet();
        return exitCode.get();
    }

    @Override
    public boolean exists() {
        return !closed;
    }

    @Override
    public void close() {
        closed = true;
    }
}
