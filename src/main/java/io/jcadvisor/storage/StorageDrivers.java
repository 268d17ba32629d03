package io.jcadvisor.storage;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jcadvisor.config.CadvisorConfig;
import io.jcadvisor.host.HostFs;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The drivers named by {@code -storage_driver} ({@code cadvisor.storage.driver}), as one
 * {@link StorageDriver} the manager hands every sample to. Built when the manager is, so a bad name
 * stops start-up (upstream exits with {@code unknown backend storage driver}).
 *
 * <p>{@code stdout}, {@code statsd}, {@code redis} and {@code influxdb} are implemented;
 * {@code kafka}, {@code elasticsearch} and {@code bigquery} are upstream drivers we refuse by name.
 */
@ApplicationScoped
public class StorageDrivers implements StorageDriver {

    /** Upstream's drivers that jcadvisor does not implement. */
    static final Set<String> UNSUPPORTED = Set.of("kafka", "elasticsearch", "bigquery");

    private final List<QueuedDriver> drivers;

    @Inject
    public StorageDrivers(CadvisorConfig config, HostFs hostFs, ObjectMapper json,
            Instance<PrometheusMeterRegistry> micrometer) {
        this(config.storage(), hostname(hostFs), json, System.out);
        if (micrometer.isResolvable()) {
            register(micrometer.get());
        }
    }

    /** For tests: {@code stdout} writes to {@code out}. */
    StorageDrivers(CadvisorConfig.Storage config, String machineName, ObjectMapper json, PrintStream out) {
        List<QueuedDriver> built = new ArrayList<>();
        try {
            for (String name : config.driver().orElse(List.of())) {
                String n = name.strip();
                if (n.isEmpty()) {
                    continue;
                }
                built.add(new QueuedDriver(n, writer(n, config, machineName, json, out), config.driverQueueSize(),
                        n.equals("influxdb") || n.equals("redis") ? config.driverBufferDuration()
                                : java.time.Duration.ZERO));
                Log.infof("Using backend storage type \"%s\"", n);
            }
        } catch (RuntimeException e) {
            built.forEach(QueuedDriver::close);
            throw e;
        }
        this.drivers = List.copyOf(built);
    }

    private static SampleWriter writer(String name, CadvisorConfig.Storage config, String machineName,
            ObjectMapper json, PrintStream out) {
        return switch (name) {
            case "stdout" -> new StdoutDriver(out, config.driverHost());
            case "statsd" -> new StatsdDriver(HostPort.parse(config.driverHost()), config.driverDb());
            case "redis" -> new RedisDriver(HostPort.parse(config.driverHost()), config.driverDb(), machineName, json);
            case "influxdb" -> new InfluxdbDriver(HostPort.parse(config.driverHost()), config.driverSecure(),
                    config.driverDb(), config.driverInfluxdbRetentionPolicy().orElse(""), config.driverUser(),
                    config.driverPassword(), machineName);
            default -> throw new IllegalArgumentException(UNSUPPORTED.contains(name)
                    ? "storage driver " + name + " is not supported by jcadvisor (see README, \"Storage drivers\")"
                    : "unknown backend storage driver: " + name
                            + " (cadvisor.storage.driver / -storage_driver; known: influxdb, redis, statsd, stdout)");
        };
    }

    /**
     * Each driver's counts as the agent's own metrics ({@code jcadvisor_storage_*_total{driver}}), so
     * a peer that is down or too slow shows on {@code /metrics}, not only in the log.
     */
    private void register(MeterRegistry registry) {
        for (QueuedDriver driver : drivers) {
            FunctionCounter.builder("jcadvisor.storage.samples.written", driver, QueuedDriver::written)
                    .description("Samples a storage driver wrote to its peer").tag("driver", driver.name())
                    .register(registry);
            FunctionCounter.builder("jcadvisor.storage.samples.dropped", driver, QueuedDriver::dropped)
                    .description("Samples a storage driver dropped: queue full, too many waiting while the peer "
                            + "was down, or refused by the peer")
                    .tag("driver", driver.name()).register(registry);
            FunctionCounter.builder("jcadvisor.storage.write.failures", driver, QueuedDriver::failedWrites)
                    .description("Batch writes to a storage driver's peer that failed").tag("driver", driver.name())
                    .register(registry);
        }
    }

    /** Upstream's {@code os.Hostname()}: the kernel's node name, empty when unreadable. */
    private static String hostname(HostFs hostFs) {
        return hostFs.readString("/proc/sys/kernel/hostname").map(String::strip).orElse("");
    }

    @Override
    public String name() {
        return String.join(",", drivers.stream().map(StorageDriver::name).toList());
    }

    /** Whether any driver is configured. */
    public boolean isEmpty() {
        return drivers.isEmpty();
    }

    @Override
    public void add(Sample sample) {
        for (QueuedDriver driver : drivers) {
            driver.add(sample);
        }
    }

    /** The drivers, in configured order (tests). */
    List<QueuedDriver> drivers() {
        return drivers;
    }

    /** After the manager has stopped sampling, so the last batch is complete. */
    void onStop(@Observes @Priority(Interceptor.Priority.LIBRARY_AFTER) ShutdownEvent event) {
        close();
    }

    @Override
    public void close() {
        drivers.forEach(QueuedDriver::close);
    }
}
