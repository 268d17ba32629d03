package io.jcadvisor.manager;

import io.jcadvisor.config.CadvisorConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;

import java.time.Clock;
import java.time.Duration;

/**
 * The periodic entry points into the manager: the global walk ({@code cadvisor.housekeeping.global-interval})
 * and the machine info refresh ({@code cadvisor.machine.update-interval}) as {@link PeriodicJob}s, each first
 * one period after start, and the {@link HousekeepingDriver}, one timer thread that hands due containers to
 * the workers (never one job per container).
 *
 * <p>The driver is a thread of its own because per-container due times (1 s base plus jitter) come many
 * times a second, and it sleeps until the next container is due, taking a batch of them at each wake-up.
 * The two slow jobs need no thread: a Vert.x timer each.
 */
@ApplicationScoped
public class Housekeeping {

    private final ContainerManager manager;
    private final Clock clock;
    private final Vertx vertx;
    private final Duration slack;
    private final Duration globalInterval;
    private final Duration machineInterval;
    private HousekeepingDriver driver;
    private PeriodicJob globalWalk;
    private PeriodicJob machineRefresh;

    /**
     * @throws ConfigurationException a {@code cadvisor.housekeeping.timer-slack} that is not positive or longer
     *                                than {@link HousekeepingDriver#MAX_SLEEP}; a
     *                                {@code cadvisor.housekeeping.global-interval} or
     *                                {@code cadvisor.machine.update-interval} that is not positive
     */
    @Inject
    public Housekeeping(ContainerManager manager, Clock clock, Vertx vertx, CadvisorConfig config) {
        this.manager = manager;
        this.clock = clock;
        this.vertx = vertx;
        this.slack = slack(config.housekeeping().timerSlack(), config.housekeeping().interval());
        this.globalInterval = PeriodicJob.checkPeriod("cadvisor.housekeeping.global-interval",
                config.housekeeping().globalInterval());
        this.machineInterval = PeriodicJob.checkPeriod("cadvisor.machine.update-interval",
                config.machine().updateInterval());
    }

    /** The configured slack, capped at the interval so no container is taken more than half an interval early. */
    static Duration slack(Duration configured, Duration interval) {
        if (configured.isNegative() || configured.isZero()
                || configured.compareTo(HousekeepingDriver.MAX_SLEEP) > 0) {
            throw new ConfigurationException("cadvisor.housekeeping.timer-slack must be positive and at most "
                    + HousekeepingDriver.MAX_SLEEP.toMillis() + " ms: " + configured);
        }
        return configured.compareTo(interval) > 0 ? interval : configured;
    }

    /** After the manager's own start-up observer (later priority), so the first pass finds it running. */
    void start(@Observes @Priority(Interceptor.Priority.APPLICATION + 1000) StartupEvent event) {
        driver = new HousekeepingDriver(manager::housekeepingTick, clock, slack);
        manager.onDue(driver::dueAt);
        driver.start();
        globalWalk = PeriodicJob.every(vertx, globalInterval, "Global housekeeping", manager::globalHousekeeping);
        machineRefresh = PeriodicJob.every(vertx, machineInterval, "Machine info refresh",
                manager::refreshMachineInfo);
    }

    void stop(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event) {
        if (globalWalk != null) {
            globalWalk.stop();
            machineRefresh.stop();
        }
        if (driver != null) {
            driver.stop();
        }
    }
}
