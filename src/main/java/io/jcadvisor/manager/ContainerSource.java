package io.jcadvisor.manager;

import io.jcadvisor.info.v1.MachineInfo;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * The read side of the manager, all that {@code /metrics} needs. Implemented by the manager;
 * tests use a fake with fixed contents.
 */
public interface ContainerSource {

    /** The machine, as last read. */
    MachineInfo machineInfo();

    /** Every tracked container, sorted by name; containers without a sample yet included. */
    List<ContainerSnapshot> containers();

    /**
     * Takes a fresh sample now of each named container whose newest sample is older than
     * {@code maxAge} ({@code /metrics?max_age=}). A source with fixed contents has nothing to refresh.
     */
    void refreshOlderThan(Collection<String> names, Duration maxAge);
}
