package io.jcadvisor.manager;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The scheduler's entry points into the manager: the global walk, the machine info refresh, and one
 * short driver tick that hands due containers to the workers (never one scheduler job per container).
 */
@ApplicationScoped
public class Housekeeping {

    /** Period of the driver tick; the health check allows a generous multiple of it. */
    public static final String TICK = "0.1s";

    private final ContainerManager manager;

    @Inject
    public Housekeeping(ContainerManager manager) {
        this.manager = manager;
    }

    @Scheduled(identity = "global-housekeeping", every = "${cadvisor.housekeeping.global-interval}",
            delayed = "${cadvisor.housekeeping.global-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void globalHousekeeping() {
        manager.globalHousekeeping();
    }

    @Scheduled(identity = "housekeeping-tick", every = TICK, concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        manager.housekeepingTick();
    }

    @Scheduled(identity = "machine-info", every = "${cadvisor.machine.update-interval}",
            delayed = "${cadvisor.machine.update-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refreshMachineInfo() {
        manager.refreshMachineInfo();
    }
}
