package io.jcadvisor.manager;

import io.jcadvisor.config.CadvisorConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;

import java.time.Clock;
import java.time.Duration;

/**
 * The periodic entry points into the manager: the global walk and the machine info refresh on the
 * Quarkus scheduler, and the {@link HousekeepingDriver}, one timer thread that hands due containers to the
 * workers (never one job per container).
 *
 * <p>The driver is a thread of its own because per-container due times (1 s base plus jitter) need a finer
 * step than the Quarkus scheduler's one second, and because it sleeps until the next container is due
 * instead of polling on a fixed period.
 */
@ApplicationScoped
public class Housekeeping {

    private final ContainerManager manager;
    private final Clock clock;
    private final Duration slack;
    private HousekeepingDriver driver;

    /**
     * @throws ConfigurationException a {@code cadvisor.housekeeping.timer-slack} that is not positive or longer
     *                                than {@link HousekeepingDriver#MAX_SLEEP}
     */
    @Inject
    public Housekeeping(ContainerManager manager, Clock clock, CadvisorConfig config) {
        this.manager = manager;
        this.clock = clock;
        this.slack = slack(config.housekeeping().timerSlack(), config.housekeeping().interval());
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
    }

    void stop(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event) {
        if (driver != null) {
            driver.stop();
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
}
