package io.jcadvisor.app;

import io.jcadvisor.config.CadvisorConfig;
import io.jcadvisor.container.ContainerCollector;
import io.jcadvisor.container.ContainerHandler;
import io.jcadvisor.config.EnabledMetrics;
import io.jcadvisor.config.MetricKind;
import io.jcadvisor.host.HostFs;
import io.jcadvisor.info.v1.ContainerSpec;
import io.jcadvisor.info.v1.ContainerStats;
import io.jcadvisor.info.v1.MetricSpec;
import io.jcadvisor.info.v1.MetricVal;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Application metrics (group {@code app}, upstream {@code collector} package): for each container
 * labelled {@code io.cadvisor.metric.<collector>=<config path>}, reads the config file inside the
 * container through {@code /proc/<pid>/root/<path>}, then scrapes the endpoint it names on the
 * container's IP every {@code polling_frequency} (at least 1 s), Prometheus text or a page read with
 * regexes. Scrapes run on this collector's own scheduler, never on housekeeping threads;
 * {@link #collect} attaches the last values (at most {@code application_metrics_count_limit} per
 * container) and {@link #spec} declares what was seen ({@code has_custom_metrics}).
 *
 * <p>A config that is missing, or does not parse, right after the container starts is looked for again
 * a few times (the entrypoint often writes it, and the file is empty until it has); a config still
 * missing or bad after the last look, or one naming a bad path or endpoint, costs a single warning for
 * the container and no collector. Polling stops when the container is no longer tracked. Built at
 * startup, so a bad {@code collector_cert}/{@code collector_key} stops the agent naming the key.
 */
@Startup
@ApplicationScoped
public class AppMetricsCollector implements ContainerCollector {

    /** Looks for a missing config this many times, 1 s, 2 s, 4 s, … apart. */
    static final int CONFIG_ATTEMPTS = 6;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** A scrape gets its polling period, at most this long, to answer. */
    private static final Duration MAX_SCRAPE_TIME = Duration.ofSeconds(10);

    private final boolean enabled;
    private final int limit;
    private final HostFs hostFs;
    private final Clock clock;
    private final AppFetcher fetcher;
    private final ScheduledExecutorService scheduler;
    private final Map<String, Apps> byContainer = new ConcurrentHashMap<>();

    @Inject
    public AppMetricsCollector(CadvisorConfig config, EnabledMetrics metrics, HostFs hostFs, Clock clock, Vertx vertx) {
        this(metrics.has(MetricKind.APP), config.metrics().applicationMetricsCountLimit(), hostFs, clock,
                metrics.has(MetricKind.APP) ? new VertxAppFetcher(vertx, config.metrics().collectorCert(),
                        config.metrics().collectorKey(), CONNECT_TIMEOUT) : null);
    }

    /** For tests: any fetcher, the count limit given. */
    public AppMetricsCollector(boolean enabled, int limit, HostFs hostFs, Clock clock, AppFetcher fetcher) {
        this.enabled = enabled;
        this.limit = limit;
        this.hostFs = hostFs;
        this.clock = clock;
        this.fetcher = fetcher;
        this.scheduler = enabled ? Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "app-metrics");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    @Override
    public String name() {
        return "app";
    }

    @Override
    public void started(ContainerHandler handler, ContainerSpec spec) {
        if (!enabled) {
            return;
        }
        Map<String, String> declared = CollectorConfigParser.declared(handler.labels());
        if (declared.isEmpty()) {
            return;
        }
        String name = handler.reference().name();
        Apps apps = new Apps(name, handler, declared);
        Apps before = byContainer.put(name, apps);
        if (before != null) {
            before.stop();
        }
        scheduler.execute(() -> setUp(apps, 0));
    }

    @Override
    public ContainerStats collect(ContainerHandler handler, ContainerStats stats) {
        Apps apps = enabled ? byContainer.get(handler.reference().name()) : null;
        if (apps == null) {
            return stats;
        }
        Map<String, List<MetricVal>> all = new LinkedHashMap<>();
        for (Poller p : apps.pollers) {
            for (Map.Entry<String, List<MetricVal>> e : p.last.values().entrySet()) {
                all.merge(e.getKey(), e.getValue(), (a, b) -> {
                    List<MetricVal> both = new ArrayList<>(a);
                    both.addAll(b);
                    return both;
                });
            }
        }
        if (all.isEmpty()) {
            return stats;
        }
        Map<String, List<MetricVal>> kept = AppMetricsParser.limit(all, limit);
        if (kept != all && apps.cutLogged.compareAndSet(false, true)) {
            Log.infof("Application metrics of %s: %d values, only the first %d are kept"
                    + " (cadvisor.metrics.application-metrics-count-limit)", apps.name, AppMetricsParser.count(all),
                    limit);
        }
        return stats.withCustomMetrics(Collections.unmodifiableMap(kept));
    }

    @Override
    public ContainerSpec spec(ContainerHandler handler, ContainerSpec spec) {
        Apps apps = enabled ? byContainer.get(handler.reference().name()) : null;
        if (apps == null) {
            return spec;
        }
        List<MetricSpec> specs = new ArrayList<>();
        for (Poller p : apps.pollers) {
            specs.addAll(p.last.specs());
        }
        return specs.isEmpty() ? spec : spec.withCustomMetrics(specs);
    }

    @Override
    public void stopped(ContainerHandler handler) {
        Apps apps = enabled ? byContainer.remove(handler.reference().name()) : null;
        if (apps != null) {
            apps.stop();
        }
    }

    /** Containers with at least one running collector (for tests and logs). */
    public int activeContainers() {
        int n = 0;
        for (Apps a : byContainer.values()) {
            n += a.pollers.isEmpty() ? 0 : 1;
        }
        return n;
    }

    @PreDestroy
    void shutdown() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (fetcher != null) {
            fetcher.close();
        }
    }

    // ---- set-up ----------------------------------------------------------------------------------

    /** Reads and parses each declared config; what is missing or does not parse yet is looked for again later. */
    private void setUp(Apps apps, int attempt) {
        if (apps.stopped) {
            return;
        }
        for (Map.Entry<String, String> e : List.copyOf(apps.pending.entrySet())) {
            String collector = e.getKey();
            String path = e.getValue();
            try {
                Optional<String> text = readConfig(apps.handler, path);
                if (text.isEmpty()) {
                    apps.problems.put(collector, "config file " + path + " not found in the container");
                    continue;
                }
                CollectorConfig config;
                try {
                    config = CollectorConfigParser.parse(collector, text.get(), limit);
                } catch (IllegalArgumentException notYet) {
                    // Found but not a config (yet): an entrypoint that writes it creates the file empty and
                    // then fills it, so it is read again like a missing one, and warned about if it stays so.
                    apps.problems.put(collector, "config " + path + ": " + notYet.getMessage());
                    continue;
                }
                URI uri = AppMetricsParser.endpoint(config.endpoint(), apps.handler.ipAddress());
                apps.pending.remove(collector);
                apps.problems.remove(collector);
                start(apps, new Poller(config, uri));
            } catch (IllegalArgumentException | IOException ex) {
                apps.pending.remove(collector);
                apps.problems.put(collector, "config " + path + ": " + ex.getMessage());
            }
        }
        boolean missing = !apps.pending.isEmpty();
        if (missing && attempt + 1 < CONFIG_ATTEMPTS && !apps.stopped) {
            scheduler.schedule(() -> setUp(apps, attempt + 1), 1L << attempt, TimeUnit.SECONDS);
            return;
        }
        if (!apps.problems.isEmpty()) {
            Log.warnf("Application metrics of %s: %s", apps.name, String.join("; ", apps.problems.values()));
        }
    }

    /**
     * The config through each of the container's processes' root ({@code /proc/<pid>/root<path>}),
     * as upstream's {@code ReadFile}. A path with {@code ..} is refused: it could climb out of the
     * container's root.
     */
    private Optional<String> readConfig(ContainerHandler handler, String path) throws IOException {
        if (path.isEmpty() || path.indexOf('\0') >= 0 || List.of(path.split("/")).contains("..")) {
            throw new IllegalArgumentException("config path \"" + path + "\" is not a plain path");
        }
        String inside = path.startsWith("/") ? path : "/" + path;
        for (int pid : handler.pids()) {
            Optional<String> text = hostFs.readSmallRegularFile("/proc/" + pid + "/root" + inside,
                    CollectorConfigParser.MAX_CONFIG_BYTES);
            if (text.isPresent()) {
                return text;
            }
        }
        return Optional.empty();
    }

    private void start(Apps apps, Poller poller) {
        synchronized (apps) {
            if (apps.stopped) {
                return;
            }
            apps.pollers.add(poller);
            long every = poller.config.pollingFrequency().toMillis();
            poller.future = scheduler.scheduleWithFixedDelay(() -> poll(apps, poller), 0, every, TimeUnit.MILLISECONDS);
        }
        Log.debugf("Application metrics of %s: collector %s scrapes %s every %s", apps.name,
                poller.config.collector(), poller.uri, poller.config.pollingFrequency());
    }

    // ---- polling ---------------------------------------------------------------------------------

    /** Starts one scrape unless the previous one is still under way; the answer is parsed on the scheduler. */
    private void poll(Apps apps, Poller poller) {
        if (apps.stopped || !poller.inFlight.compareAndSet(false, true)) {
            return;
        }
        Duration period = poller.config.pollingFrequency();
        Duration timeout = period.compareTo(MAX_SCRAPE_TIME) < 0 ? period : MAX_SCRAPE_TIME;
        try {
            fetcher.get(poller.uri, timeout).whenComplete((body, error) -> {
                try {
                    scheduler.execute(() -> {
                        try {
                            handle(apps, poller, body, error);
                        } finally {
                            poller.inFlight.set(false);
                        }
                    });
                } catch (java.util.concurrent.RejectedExecutionException shutDown) {
                    poller.inFlight.set(false);
                }
            });
        } catch (RuntimeException e) {
            poller.inFlight.set(false);
            handle(apps, poller, null, e);
        }
    }

    private void handle(Apps apps, Poller poller, String body, Throwable error) {
        if (apps.stopped) {
            return;
        }
        if (error != null) {
            failed(apps, poller, describe(error));
            return;
        }
        if (poller.config.kind() == CollectorConfig.Kind.PROMETHEUS) {
            try {
                List<PrometheusTextParser.Family> families = PrometheusTextParser.parse(body);
                poller.last = AppMetricsParser.prometheus(families, poller.config.metricNames(), clock.instant());
                poller.failing = false;
            } catch (PrometheusTextParser.ParseException e) {
                failed(apps, poller, "not Prometheus text: " + e.getMessage());
            }
            return;
        }
        List<String> problems = new ArrayList<>();
        Map<String, List<MetricVal>> values = AppMetricsParser.regex(body, poller.config.metrics(), clock.instant(),
                problems);
        poller.last = new AppMetricsParser.Result(values, AppMetricsParser.specs(poller.config.metrics()));
        if (!problems.isEmpty()) {
            Log.debugf("Application metrics of %s, collector %s: %s", apps.name, poller.config.collector(),
                    String.join("; ", problems));
        }
        poller.failing = false;
    }

    /** A failed scrape clears the collector's values (old ones would look current); logged once per failing spell. */
    private void failed(Apps apps, Poller poller, String why) {
        poller.last = poller.config.kind() == CollectorConfig.Kind.GENERIC
                ? new AppMetricsParser.Result(Map.of(), AppMetricsParser.specs(poller.config.metrics()))
                : AppMetricsParser.Result.EMPTY;
        if (!poller.failing) {
            poller.failing = true;
            Log.infof("Application metrics of %s: collector %s could not scrape %s: %s", apps.name,
                    poller.config.collector(), poller.uri, why);
        } else {
            Log.debugf("Application metrics of %s: collector %s: %s", apps.name, poller.config.collector(), why);
        }
    }

    private static String describe(Throwable t) {
        Throwable cause = t instanceof java.util.concurrent.CompletionException && t.getCause() != null
                ? t.getCause() : t;
        if (cause instanceof java.util.concurrent.TimeoutException) {
            return "no answer in time";
        }
        String message = cause.getMessage();
        return message == null || message.isEmpty() ? cause.getClass().getSimpleName() : message;
    }

    /** The collectors of one container. */
    private static final class Apps {
        final String name;
        final ContainerHandler handler;
        /** Declared collectors whose config has not been read yet. */
        final Map<String, String> pending;
        final Map<String, String> problems = new ConcurrentHashMap<>();
        final List<Poller> pollers = new java.util.concurrent.CopyOnWriteArrayList<>();
        final AtomicBoolean cutLogged = new AtomicBoolean();
        volatile boolean stopped;

        Apps(String name, ContainerHandler handler, Map<String, String> declared) {
            this.name = name;
            this.handler = handler;
            this.pending = new ConcurrentHashMap<>(declared);
        }

        synchronized void stop() {
            stopped = true;
            for (Poller p : pollers) {
                if (p.future != null) {
                    p.future.cancel(false);
                }
            }
        }
    }

    /** One collector's schedule and its last result. */
    private static final class Poller {
        final CollectorConfig config;
        final URI uri;
        final AtomicBoolean inFlight = new AtomicBoolean();
        volatile AppMetricsParser.Result last;
        volatile boolean failing;
        ScheduledFuture<?> future;

        Poller(CollectorConfig config, URI uri) {
            this.config = config;
            this.uri = uri;
            this.last = config.kind() == CollectorConfig.Kind.GENERIC
                    ? new AppMetricsParser.Result(Map.of(), AppMetricsParser.specs(config.metrics()))
                    : AppMetricsParser.Result.EMPTY;
        }
    }
}
