package io.jcadvisor.container.engine;

import io.jcadvisor.cgroup.CgroupContainer;
import io.jcadvisor.cgroup.ContainerGoneException;
import io.jcadvisor.info.v1.ContainerSpec;
import io.jcadvisor.info.v1.ContainerStats;
import io.jcadvisor.info.v1.CpuSpec;
import io.jcadvisor.info.v1.Health;
import io.jcadvisor.info.v1.MemorySpec;
import io.jcadvisor.info.v1.ProcessSpec;

import java.time.Instant;
import java.util.List;

/** A hand-written {@link CgroupContainer} with fixed cgroup values: 64 MiB memory, quota 50000/100000. */
public final class FakeCgroupContainer implements CgroupContainer {

    static final Instant CGROUP_CREATED = Instant.parse("2026-11-26T23:50:59Z");

    private final String name;
    volatile boolean exists = true;

    public FakeCgroupContainer(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ContainerSpec spec() throws ContainerGoneException {
        if (!exists) {
            throw new ContainerGoneException(name);
        }
        return new ContainerSpec(CGROUP_CREATED, null, null, null, true, new CpuSpec(1024, 0, "0-1", 50000, 100000),
                true, new MemorySpec(67108864, Long.MAX_VALUE, 134217728), false, false, true, ProcessSpec.NONE,
                false, true, false, null, null);
    }

    @Override
    public ContainerStats stats() throws ContainerGoneException {
        if (!exists) {
            throw new ContainerGoneException(name);
        }
        return new ContainerStats(Instant.parse("2026-11-26T23:52:00Z"), null, null, null, null, null, null, null,
                null, 0, null, null, 3, Health.NONE);
    }

    @Override
    public List<Integer> pids() {
        return List.of(4242);
    }

    @Override
    public boolean exists() {
        return exists;
    }
}
