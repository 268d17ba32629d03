package io.jcadvisor.manager;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The periodic entry points into the manager: the global walk and the machine info refresh on the
 * Quarkus scheduler, and one short driver tick that hands due containers to the workers (never one
 * job per container).
 *
 * <p>The tick runs on a single thread of its own because the Quarkus scheduler does not run
 * {@code every} values below one second; per-container due times (1 s base plus jitter) need a finer
 * step than that.
 */
@ApplicationScoped
public class Housekeeping {

    /** Period of the driver tick; the liveness check allows a generous multiple of it. */
    public static final Duration TICK = Duration.ofMillis(100);

    private final ContainerManager manager;
    private ScheduledExecutorService ticker;

    @Inject
    public Housekeeping(ContainerManager manager) {
        this.manager = manager;
    }

    /** After the manager's own start-up observer (later priority), so the first tick finds it running. */
    void start(@Observes @Priority(Interceptor.Priority.APPLICATION + 1000) StartupEvent event) {
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "housekeeping-tick");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(this::tick, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event) {
        if (ticker != null) {
            ticker.shutdownNow();
        }
    }

    @Scheduled(identity = "global-housekeeping", every = "${cadvisor.housekeeping.global-interval}",
            delayed = "${cadvisor.housekeeping.global-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void globalHousekeeping() {
        manager.globalHousekeeping();
    }

    @Scheduled(identity = "machine-info", every = "${cadvisor.machine.update-interval}",
            delayed = "${cadvisor.machine.update-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refreshMachineInfo() {
        manager.refreshMachineInfo();
    }

    private void tick() {
        try {
            manager.housekeepingTick();
        } catch (RuntimeException e) {
            // an exception would cancel the periodic task for good: log it and keep ticking
            Log.errorf(e, "Housekeeping tick failed");
        }
    }
}
