package io.jcadvisor.perf;

import io.jcadvisor.cgroup.CgroupLayout;
import io.jcadvisor.config.CadvisorConfig;
import io.jcadvisor.container.ContainerCollector;
import io.jcadvisor.container.ContainerHandler;
import io.jcadvisor.config.EnabledMetrics;
import io.jcadvisor.config.MetricKind;
import io.jcadvisor.host.AgentFiles;
import io.jcadvisor.host.HostFs;
import io.jcadvisor.info.v1.ContainerSpec;
import io.jcadvisor.info.v1.ContainerStats;
import io.jcadvisor.info.v1.PerfStat;
import io.jcadvisor.info.v1.PerfUncoreStat;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Perf counters per container (group {@code perf_event}, upstream's perf collector, docs/data-sources.md
 * §3.15) without JNI: one {@code perf stat -a -A -G <cgroup>} child per tracked container counts
 * the configured core events per CPU in the container's perf_event cgroup; for {@code /} a second
 * child counts the uncore events per socket. The children print every housekeeping interval; a
 * reader thread per child accumulates totals, which {@link #collect} attaches as
 * {@code perf_stats}/{@code perf_uncore_stats}.
 *
 * <p>Why one child per container rather than one shared child for all cgroups: a shared child must
 * be restarted whenever a container comes or goes, losing every container's counts meanwhile and
 * costing a restart per event under churn; per container, a start or stop touches only its own
 * child. The kernel counters are the same either way (events × CPUs per cgroup); a child costs
 * about 3.4 MB (Pss) and 0.00013 cores printing every second (bench/README.md, perf-cpu.sh).
 *
 * <p>Off unless {@code cadvisor.metrics.perf-events-config} names a file and the group is enabled,
 * as upstream. A bad file fails start-up. Names perf does not know, and events the host lacks
 * ({@code <not supported>}: a group with one never counts), are logged once and skipped before the
 * first child starts ({@link PerfEventCheck}); an event a container's child still reports as not
 * supported is logged once for that container and left out.
 */
@ApplicationScoped
public class PerfCollector implements ContainerCollector {

    private static final Logger LOG = Logger.getLogger(PerfCollector.class);
    private static final String ROOT = "/";

    private final PerfEventsConfig config;
    private final String source;
    private final String binary;
    private final Duration interval;
    private final HostFs hostFs;
    /** Host path of the hierarchy perf's {@code -G} is relative to; null when there is none. */
    private final String cgroupRoot;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private Resolved resolved;

    /** The events perf accepted, worked out once on the first container's run thread. */
    private record Resolved(List<List<PerfEvent>> core, List<List<PerfEvent>> uncore) {
    }

    private record Session(PerfRun core, PerfRun uncore) {
        void close() {
            core.close();
            if (uncore != null) {
                uncore.close();
            }
        }

        void await(long millis) {
            core.await(millis);
            if (uncore != null) {
                uncore.await(millis);
            }
        }
    }

    /**
     * The configured perf tool, which must be an absolute path: the agent runs as root, and a bare name
     * would run whatever {@code perf} comes first on {@code PATH}.
     *
     * @throws IllegalArgumentException naming the key, for a relative path
     */
    static String absoluteBinary(String binary) {
        if (!binary.startsWith("/")) {
            throw new IllegalArgumentException("cadvisor.metrics.perf-binary must be an absolute path (the agent"
                    + " runs as root and never looks helpers up on PATH): " + binary);
        }
        return binary;
    }

    @Inject
    public PerfCollector(CadvisorConfig config, HostFs hostFs, CgroupLayout layout, EnabledMetrics metrics) {
        this(load(config.metrics().perfEventsConfig(), metrics), config.metrics().perfEventsConfig().orElse(""),
                absoluteBinary(config.metrics().perfBinary()), config.housekeeping().interval(), hostFs, cgroupRoot(layout));
        if (this.config != null) {
            if (cgroupRoot == null) {
                LOG.warn("perf: no perf_event cgroup hierarchy is mounted (mount -t cgroup -o perf_event perf_event "
                        + "/sys/fs/cgroup/perf_event); no perf counters");
            } else {
                LOG.infof("perf: counting %s per container with %s every %s", this.config.core().groups(), binary,
                        interval);
            }
        }
    }

    /**
     * For tests and embedding.
     *
     * @param config     the events; null = perf off
     * @param source     where the config came from, for messages
     * @param cgroupRoot host path of the perf_event (v1) or unified (v2) hierarchy; null = perf off
     */
    public PerfCollector(PerfEventsConfig config, String source, String binary, Duration interval, HostFs hostFs,
            String cgroupRoot) {
        this.config = config == null || cgroupRoot == null || config.core().isEmpty() && config.uncore().isEmpty()
                ? null : config;
        this.source = source;
        this.binary = binary;
        this.interval = interval;
        this.hostFs = hostFs;
        this.cgroupRoot = cgroupRoot;
    }

    /**
     * The config file parsed, or null when perf is off.
     *
     * @throws IllegalStateException naming the option and the file when it is unreadable or malformed
     */
    static PerfEventsConfig load(Optional<String> file, EnabledMetrics metrics) {
        if (file.isEmpty() || file.get().isBlank() || !metrics.has(MetricKind.PERF_EVENT)) {
            return null;
        }
        String text;
        try {
            text = AgentFiles.read(file.get());
        } catch (IOException e) {
            throw new IllegalStateException("cadvisor.metrics.perf-events-config: cannot read " + file.get() + ": "
                    + e, e);
        }
        try {
            return PerfConfigParser.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("cadvisor.metrics.perf-events-config: " + file.get() + ": "
                    + e.getMessage(), e);
        }
    }

    private static String cgroupRoot(CgroupLayout layout) {
        if (layout.unified()) {
            return CgroupLayout.CGROUP_ROOT;
        }
        return layout.mountPoint("perf_event").orElse(null);
    }

    /** Constructs the bean at start-up, so a bad config file fails start-up rather than the first container. */
    void onStart(@Observes StartupEvent event) {
        LOG.debugf("perf: %s", enabled() ? "on" : "off");
    }

    /** Whether anything is counted. */
    public boolean enabled() {
        return config != null;
    }

    @Override
    public String name() {
        return "perf";
    }

    @Override
    public void started(ContainerHandler handler, ContainerSpec spec) {
        if (config == null) {
            return;
        }
        String name = handler.reference().name();
        sessions.computeIfAbsent(name, this::open);
    }

    private Session open(String name) {
        String dir = name.equals(ROOT) ? cgroupRoot : cgroupRoot + name;
        PerfRun core = new PerfRun(name, () -> {
            List<List<PerfEvent>> events = resolved().core();
            if (events.isEmpty()) {
                return null;
            }
            return new PerfRun.Plan(PerfCommand.core(binary, interval, name, events), true,
                    new PerfCounters(flatten(events)));
        }, () -> hostFs.isDirectory(dir));
        PerfRun uncore = null;
        if (name.equals(ROOT) && !config.uncore().isEmpty()) {
            uncore = new PerfRun(name + " (uncore)", () -> {
                List<List<PerfEvent>> events = resolved().uncore();
                if (events.isEmpty()) {
                    return null;
                }
                Map<String, Double> scales = new ConcurrentHashMap<>();
                return new PerfRun.Plan(PerfCommand.uncore(binary, interval, events), false,
                        new PerfCounters(flatten(events), (pmu, event) -> scales.computeIfAbsent(pmu + "/" + event,
                                k -> PerfPmus.scale(hostFs, pmu, event))));
            }, () -> true);
        }
        Session session = new Session(core, uncore);
        core.start();
        if (uncore != null) {
            uncore.start();
        }
        return session;
    }

    /** Resolves and checks the configured events once, on the first run thread that needs them. */
    private synchronized Resolved resolved() {
        if (resolved != null) {
            return resolved;
        }
        PerfPmus pmus = PerfPmus.read(hostFs);
        List<List<PerfEvent>> core = check(PerfEventResolver.resolve(config.core(), pmus.byType(), this::problem));
        List<List<PerfEvent>> uncore = List.of();
        if (!config.uncore().isEmpty()) {
            if (pmus.uncore().isEmpty()) {
                LOG.infof("perf: %s configures uncore events but this host has no uncore PMU; none counted", source);
            } else {
                uncore = check(PerfEventResolver.resolve(config.uncore(), pmus.byType(), this::problem));
            }
        }
        resolved = new Resolved(core, uncore);
        return resolved;
    }

    private List<List<PerfEvent>> check(List<List<PerfEvent>> groups) {
        try {
            return PerfEventCheck.accepted(binary, groups, this::problem);
        } catch (IOException e) {
            LOG.warnf("perf: cannot run %s (%s); no perf counters", binary, e.getMessage());
            return List.of();
        }
    }

    private void problem(String message) {
        LOG.warnf("perf: %s: %s; skipped", source, message);
    }

    private static List<PerfEvent> flatten(List<List<PerfEvent>> groups) {
        List<PerfEvent> out = new ArrayList<>();
        groups.forEach(out::addAll);
        return out;
    }

    @Override
    public ContainerStats collect(ContainerHandler handler, ContainerStats stats) {
        Session session = sessions.get(handler.reference().name());
        if (session == null) {
            return stats;
        }
        PerfCounters core = session.core().counters();
        PerfCounters uncore = session.uncore() == null ? null : session.uncore().counters();
        List<PerfStat> coreStats = core == null ? List.of() : core.core();
        List<PerfUncoreStat> uncoreStats = uncore == null ? List.of() : uncore.uncore();
        if (coreStats.isEmpty() && uncoreStats.isEmpty()) {
            return stats;
        }
        return stats.withPerf(coreStats, uncoreStats);
    }

    @Override
    public void stopped(ContainerHandler handler) {
        Session session = sessions.remove(handler.reference().name());
        if (session != null) {
            session.close();
        }
    }

    /** The perf children's pids, for diagnostics and tests. */
    public List<Long> pids() {
        List<Long> out = new ArrayList<>();
        for (Session s : sessions.values()) {
            for (PerfRun run : s.uncore() == null ? List.of(s.core()) : List.of(s.core(), s.uncore())) {
                long pid = run.pid();
                if (pid > 0) {
                    out.add(pid);
                }
            }
        }
        return out;
    }

    void onStop(@Observes ShutdownEvent event) {
        shutdown();
    }

    /** Stops every child and reaps it. */
    @PreDestroy
    public void shutdown() {
        List<Session> all = new ArrayList<>(sessions.values());
        sessions.clear();
        all.forEach(Session::close);
        all.forEach(s -> s.await(2000));
    }
}
