package io.jcadvisor.resctrl;

import io.jcadvisor.config.CadvisorConfig;
import io.jcadvisor.container.ContainerCollector;
import io.jcadvisor.container.ContainerHandler;
import io.jcadvisor.config.EnabledMetrics;
import io.jcadvisor.config.MetricKind;
import io.jcadvisor.host.HostFs;
import io.jcadvisor.info.v1.ContainerSpec;
import io.jcadvisor.info.v1.ContainerStats;
import io.jcadvisor.info.v1.ResctrlStats;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Intel RDT monitoring per container (metric group {@code resctrl}, off by default;
 * docs/data-sources.md §3.16): a resctrl MON group per container ({@link MonitoringGroups}) and its
 * {@code mon_data} counters attached to every sample as {@code resctrl}.
 *
 * <p>Active only when the group is enabled and the host has resctrl mounted with monitoring
 * events ({@code /sys/fs/resctrl/info/L3_MON/mon_features}); one info line says which. Otherwise
 * it touches nothing and samples keep {@code resctrl: {}}.
 *
 * <p>With {@code resctrl_interval} above 0, a thread of its own re-adds the tasks that appeared in
 * each container (a task forked inside a group stays in it, but one moved into the cgroup later does
 * not), retries containers that had no group, and follows a container moved to another control
 * group. On agent shutdown every group it made is removed.
 */
@ApplicationScoped
public class ResctrlCollector implements ContainerCollector {

    private final boolean enabled;
    private final ResctrlReader reader;
    private final Duration interval;
    private final boolean schedule;
    /** Tracked containers (by name) whose pids the refresh re-reads. */
    private final Map<String, ContainerHandler> handlers = new ConcurrentHashMap<>();

    private volatile boolean initialized;
    /** After shutdown no group is made again, even if discovery still reports a container. */
    private volatile boolean closed;
    private volatile MonFeatures features;
    private volatile MonitoringGroups groups;
    private ScheduledExecutorService refresher;

    @Inject
    public ResctrlCollector(EnabledMetrics metrics, HostFs fs, CadvisorConfig config) {
        this(metrics.has(MetricKind.RESCTRL), fs, config.metrics().resctrlInterval(), true);
    }

    /**
     * For tests: {@code schedule} false leaves refreshes to {@link #refresh()} calls.
     *
     * @param interval {@code resctrl_interval}; zero or negative = no refresh
     */
    public ResctrlCollector(boolean enabled, HostFs fs, Duration interval, boolean schedule) {
        this.enabled = enabled;
        this.reader = new ResctrlReader(fs);
        this.interval = interval;
        this.schedule = schedule;
    }

    @Override
    public String name() {
        return "resctrl";
    }

    /** Whether it monitors anything (group enabled and host capable); decided on first use. */
    public boolean active() {
        init();
        return groups != null && !closed;
    }

    private void init() {
        if (initialized || !enabled) {
            return;
        }
        synchronized (this) {
            if (initialized) {
                return;
            }
            var found = reader.features();
            if (found.isEmpty()) {
                Log.info("resctrl: metric group enabled, but the host has no resctrl monitoring"
                        + " (/sys/fs/resctrl/info/L3_MON/mon_features): resctrl stays empty");
            } else {
                features = found.get();
                groups = MonitoringGroups.start(reader);
                Log.infof("resctrl: monitoring on (%s; room for %s groups; refresh %s)", features,
                        groups.limit() == Integer.MAX_VALUE ? "unbounded" : Integer.toString(groups.limit()),
                        interval.isZero() || interval.isNegative() ? "off" : interval);
                if (schedule && !interval.isZero() && !interval.isNegative()) {
                    refresher = Executors.newSingleThreadScheduledExecutor(r -> {
                        Thread t = new Thread(r, "resctrl-refresh");
                        t.setDaemon(true);
                        return t;
                    });
                    long ms = Math.max(1, interval.toMillis());
                    refresher.scheduleWithFixedDelay(this::refresh, ms, ms, TimeUnit.MILLISECONDS);
                }
            }
            initialized = true;
        }
    }

    /** Makes the container's group and moves its tasks in (a few writes per thread). */
    @Override
    public void started(ContainerHandler handler, ContainerSpec spec) {
        if (!active()) {
            return;
        }
        String name = handler.reference().name();
        handlers.put(name, handler);
        groups.sync(name, handler.pids());
    }

    @Override
    public ContainerStats collect(ContainerHandler handler, ContainerStats stats) {
        if (!active()) {
            return stats;
        }
        String dir = groups.statsDir(handler.reference().name());
        if (dir == null) {
            return stats;
        }
        ResctrlStats values = reader.stats(dir, features);
        return values.equals(ResctrlStats.EMPTY) ? stats : stats.withResctrl(values);
    }

    @Override
    public void stopped(ContainerHandler handler) {
        if (!active()) {
            return;
        }
        String name = handler.reference().name();
        handlers.remove(name);
        groups.remove(name);
    }

    /** One {@code resctrl_interval} pass over every tracked container; a failing handler costs its container. */
    public void refresh() {
        MonitoringGroups g = groups;
        if (g == null || closed) {
            return;
        }
        Map<String, List<Integer>> pids = new LinkedHashMap<>();
        for (Map.Entry<String, ContainerHandler> e : handlers.entrySet()) {
            try {
                pids.put(e.getKey(), e.getValue().pids());
            } catch (RuntimeException ex) {
                Log.debugf(ex, "resctrl: no pids for %s", e.getKey());
            }
        }
        try {
            g.syncAll(pids);
        } catch (RuntimeException ex) {
            // The scheduled executor would stop repeating after an exception: log and keep going.
            Log.warnf(ex, "resctrl: refresh failed");
        }
    }

    /** The groups made so far, by container name (for tests and diagnostics). */
    public Map<String, String> groupDirs() {
        MonitoringGroups g = groups;
        Map<String, String> dirs = new java.util.TreeMap<>();
        if (g != null) {
            g.groups().forEach((name, group) -> dirs.put(name, group.dir()));
        }
        return dirs;
    }

    void onShutdown(@Observes ShutdownEvent event) {
        close();
    }

    /** Stops the refresh and removes every group this run made. */
    public synchronized void close() {
        closed = true;
        if (refresher != null) {
            refresher.shutdownNow();
            refresher = null;
        }
        MonitoringGroups g = groups;
        if (g != null) {
            g.removeAll();
        }
        handlers.clear();
    }
}
