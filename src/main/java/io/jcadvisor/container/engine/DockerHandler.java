package io.jcadvisor.container.engine;

import io.jcadvisor.cgroup.CgroupContainer;
import io.jcadvisor.cgroup.ContainerGoneException;
import io.jcadvisor.container.ContainerHandler;
import io.jcadvisor.container.LazyClient;
import io.jcadvisor.container.ProcessView;
import io.jcadvisor.config.EnabledMetrics;
import io.jcadvisor.config.MetricKind;
import io.jcadvisor.info.v1.ContainerReference;
import io.jcadvisor.info.v1.ContainerSpec;
import io.jcadvisor.info.v1.ContainerStats;
import io.jcadvisor.info.v1.FsStats;
import io.jcadvisor.info.v1.Health;
import io.quarkus.logging.Log;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A Docker container, or a Podman one (same Engine API, {@link Context#runtime()} says which): its
 * cgroup files (through {@link CgroupContainer}) decorated with what {@code docker inspect} says
 * (upstream's docker and podman handlers, {@code docs/data-sources.md} §8): name alias,
 * image, labels, whitelisted envs, creation and start time, health, and the writable layer's disk
 * usage from the background walk. Inspect is refreshed in the background, never waited for on the
 * sampling path: when an event names the container (a health status change is one) or the event
 * stream ends or opens again (its gap is not reported), else every {@link Context#refreshFollowingEvents()}
 * ({@code cadvisor.runtimes.docker.inspect-refresh}, 10 min: a safety net for an event the stream lost)
 * while the event stream is open, and every {@link #REFRESH} while it is not. (Upstream inspects on
 * every housekeeping, for health; with 100 containers that is 100 daemon calls a second, most of this
 * agent's CPU, for answers the event stream announces. A 1 min safety net still cost about a fifth of
 * the idle agent's CPU with 50 containers: bench/README.md.)
 */
public final class DockerHandler implements ContainerHandler {

    /** How stale the inspect answer (health, pid, restart count) may get without the event stream. */
    static final Duration REFRESH = Duration.ofSeconds(5);
    /** Upstream's filesystem type for a block-device filesystem in machine info and container stats. */
    static final String FS_TYPE = "vfs";

    /**
     * What all handlers of one factory share.
     *
     * @param runtime      Docker or Podman: the alias namespace and the name in messages
     * @param envWhitelist env name prefixes copied into {@code spec.envs}
     * @param fsUsage      the background walk, empty when disk usage is not measured
     * @param reachable    whether the daemon answered last time (no refresh while it does not)
     * @param onFailure    told when a refresh finds the daemon unreachable
     * @param followingEvents whether the event stream is open (changes then arrive as {@link #inspectAgain()})
     * @param refreshFollowingEvents how stale the inspect answer may get while the event stream is open
     * @param onClose      told when a handler closes
     */
    record Context(EngineRuntime runtime, LazyClient<DockerClient> client, Executor background, Clock clock, EnabledMetrics metrics,
            List<String> envWhitelist, Optional<DockerFsUsage> fsUsage,
            BooleanSupplier reachable, Consumer<DockerException> onFailure, Supplier<ProcessView> processViews,
            BooleanSupplier followingEvents, Duration refreshFollowingEvents, Consumer<DockerHandler> onClose) {
    }

    private final String name;
    private final String id;
    private final CgroupContainer cgroup;
    private final Context context;
    private final boolean measuresDisk;
    private final ProcessView processView;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile DockerInspect inspect;
    /** Follows {@link #inspect} (a rename changes the first alias): lookups by alias read it for every container. */
    private volatile ContainerReference reference;
    private volatile Instant inspectedAt;
    private volatile boolean changed;

    /**
     * @param name    cgroup name ({@code /docker/<id>}, {@code /libpod_parent/libpod-<id>})
     * @param id      64-hex container id
     * @param inspect the answer that made the factory accept the container
     * @param measuresDisk whether the writable layer is being measured for this container
     */
    DockerHandler(String name, String id, DockerInspect inspect, CgroupContainer cgroup, Context context,
            boolean measuresDisk) {
        this.name = name;
        this.id = id;
        this.cgroup = cgroup;
        this.context = context;
        inspected(inspect);
        this.measuresDisk = measuresDisk;
        this.processView = context.processViews().get();
        this.inspectedAt = context.clock().instant();
    }

    @Override
    public ContainerReference reference() {
        return reference;
    }

    private void inspected(DockerInspect answer) {
        inspect = answer;
        reference = new ContainerReference(id, name, List.of(shortName(answer), id), context.runtime().namespace());
    }

    /**
     * The container name without Docker's leading {@code /} (Podman's compatible API adds one too):
     * upstream's first alias, the {@code name} label.
     */
    static String shortName(DockerInspect c) {
        String n = c.name() == null ? "" : c.name();
        return n.startsWith("/") ? n.substring(1) : n;
    }

    @Override
    public ContainerSpec spec() throws ContainerGoneException {
        ContainerSpec cg = cgroup.spec();
        DockerInspect c = inspect;
        boolean hasNetwork = context.metrics().has(MetricKind.NETWORK) && !sharesNetwork(c);
        boolean hasFilesystem = measuresDisk && context.metrics().has(MetricKind.DISK);
        String image = c.config() == null ? null : c.config().image();
        return new ContainerSpec(
                parseTime(c.created()).orElse(cg.creationTime()),
                c.state() == null ? cg.startTime() : parseTime(c.state().startedAt()).orElse(cg.startTime()),
                labels(c), envs(c, context.envWhitelist()),
                cg.hasCpu(), cg.cpu(), cg.hasMemory(), cg.memory(), cg.hasHugetlb(), hasNetwork,
                cg.hasProcesses(), cg.processes(), hasFilesystem, cg.hasDiskio(), cg.hasCustomMetrics(),
                cg.customMetrics(), image);
    }

    /**
     * Whether the container joins another container's network namespace ({@code NetworkMode}
     * {@code container:<id>}): its interfaces are that container's, so its network section is
     * suppressed (upstream's intended behaviour, see {@code docs/data-sources.md} §8).
     */
    static boolean sharesNetwork(DockerInspect c) {
        return c.hostConfig() != null && c.hostConfig().networkMode() != null
                && c.hostConfig().networkMode().startsWith("container:");
    }

    @Override
    public ContainerStats stats() throws ContainerGoneException {
        DockerInspect c = inspect;
        ContainerStats stats = processView.addTo(cgroup.stats(), mainPid(), !sharesNetwork(c), cgroup::pids);
        refreshInBackground();
        String health = c.state() == null || c.state().health() == null || c.state().health().status() == null
                ? "" : c.state().health().status();
        stats = stats.withOomEventsAndHealth(stats.oomEvents(), health.isEmpty() ? Health.NONE : new Health(health));
        if (measuresDisk && context.metrics().has(MetricKind.DISK)) {
            Optional<DockerFsUsage.Measurement> m = context.fsUsage().flatMap(f -> f.latest(id));
            if (m.isPresent()) {
                stats = stats.withFilesystem(List.of(fsStats(m.get())));
            }
        }
        return stats;
    }

    /**
     * The one filesystem entry: capacity of the writable layer's filesystem, {@code usage} = layer plus
     * container directory, {@code base_usage} = layer, {@code inodes} = inodes used by the layer, no
     * free counts (upstream leaves {@code available}, {@code inodes_free} at 0 and {@code has_inodes}
     * false), and zero I/O counters: upstream fills the diskstats counters for the root container
     * only ({@code docs/api.md} §3.3 FsStats, and the observed v0.36 docker sample has
     * {@code "reads_completed":0}). Copying the device's counters would also make every sample of
     * an idle container differ, so dynamic housekeeping would never back off.
     */
    private FsStats fsStats(DockerFsUsage.Measurement m) {
        return new FsStats(m.store().device(), FS_TYPE, m.store().capacity(), m.total(), m.base().bytes(), 0, false,
                m.base().inodes(), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /** An event named this container: inspect it again at the next sample. */
    void inspectAgain() {
        changed = true;
    }

    private void refreshInBackground() {
        Duration period = context.followingEvents().getAsBoolean() ? context.refreshFollowingEvents() : REFRESH;
        boolean due = changed || !context.clock().instant().isBefore(inspectedAt.plus(period));
        if (!due || !context.reachable().getAsBoolean() || !refreshing.compareAndSet(false, true)) {
            return;
        }
        try {
            context.background().execute(this::refresh);
        } catch (RejectedExecutionException e) {
            refreshing.set(false);
        }
    }

    private void refresh() {
        // Cleared before the call: an event arriving meanwhile asks for one more.
        changed = false;
        try {
            context.client().get().inspect(id).ifPresent(this::inspected);
        } catch (DockerException e) {
            context.onFailure().accept(e);
        } catch (RuntimeException e) {
            Log.debugf("%s container %s: inspect refresh failed: %s", context.runtime().displayName(), id, e);
        } finally {
            inspectedAt = context.clock().instant();
            refreshing.set(false);
        }
    }

    @Override
    public List<Integer> pids() {
        return cgroup.pids();
    }

    /** Runtime labels for {@code container_label_*}: {@code Config.Labels} plus {@code restartcount}. */
    @Override
    public Map<String, String> labels() {
        return labels(inspect);
    }

    static Map<String, String> labels(DockerInspect c) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (c.config() != null && c.config().labels() != null) {
            labels.putAll(c.config().labels());
        }
        if (c.restartCount() > 0) {
            labels.put("restartcount", Integer.toString(c.restartCount()));
        }
        return Collections.unmodifiableMap(labels);
    }

    /**
     * {@code Config.Env} entries whose name starts with one of the prefixes, keys lower-cased
     * (upstream {@code -env_metadata_whitelist}); an empty prefix matches nothing.
     */
    static Map<String, String> envs(DockerInspect c, List<String> prefixes) {
        if (prefixes.isEmpty() || c.config() == null || c.config().env() == null) {
            return Map.of();
        }
        Map<String, String> envs = new LinkedHashMap<>();
        for (String prefix : prefixes) {
            if (prefix.isEmpty()) {
                continue;
            }
            for (String entry : c.config().env()) {
                int eq = entry == null ? -1 : entry.indexOf('=');
                if (eq > 0 && entry.substring(0, eq).startsWith(prefix)) {
                    envs.put(entry.substring(0, eq).toLowerCase(Locale.ROOT), entry.substring(eq + 1));
                }
            }
        }
        return Collections.unmodifiableMap(envs);
    }

    /** Docker's RFC 3339 times (nanoseconds, {@code Z} or an offset); empty when absent or garbled. */
    static Optional<Instant> parseTime(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            Log.debugf("Docker time %s not understood", text);
            return Optional.empty();
        }
    }

    /**
     * The container's main process in the host pid namespace ({@code State.Pid}), 0 when not
     * running: the process whose {@code /proc/<pid>/net/dev} and fds stand for the container.
     */
    public int mainPid() {
        DockerInspect c = inspect;
        return c.state() == null ? 0 : c.state().pid();
    }

    /**
     * The address on the network of {@code NetworkMode} ({@code default} is {@code bridge}), else the
     * legacy {@code NetworkSettings.IPAddress}, else the first network that has one. Empty for
     * {@code host}/{@code none} and for {@code container:<id>} (upstream asks the other container).
     */
    @Override
    public String ipAddress() {
        return ipAddress(inspect);
    }

    static String ipAddress(DockerInspect c) {
        DockerInspect.NetworkSettings settings = c.networkSettings();
        if (settings == null || sharesNetwork(c)) {
            return "";
        }
        Map<String, DockerInspect.Network> networks = settings.networks() == null ? Map.of() : settings.networks();
        String mode = c.hostConfig() == null || c.hostConfig().networkMode() == null ? ""
                : c.hostConfig().networkMode();
        DockerInspect.Network own = networks.get(mode.equals("default") ? "bridge" : mode);
        if (own != null && own.ipAddress() != null && !own.ipAddress().isEmpty()) {
            return own.ipAddress();
        }
        if (settings.ipAddress() != null && !settings.ipAddress().isEmpty()) {
            return settings.ipAddress();
        }
        for (DockerInspect.Network n : networks.values()) {
            if (n != null && n.ipAddress() != null && !n.ipAddress().isEmpty()) {
                return n.ipAddress();
            }
        }
        return "";
    }

    /** The container id (64 hex). */
    public String id() {
        return id;
    }

    /** The last inspect answer (refreshed on the container's events, else periodically). */
    public DockerInspect inspect() {
        return inspect;
    }

    /**
     * Bound of the inspect that asks for an exit code. The engine answers about a container it is
     * stopping only once it has recorded the exit, as it does about one it is starting: 6.5 s after
     * the cgroup was gone on the loaded cgroup v2 VM of {@code bin/test-cgroup2} (25 ms a moment
     * later), past the client's own 3 s. Within {@code ContainerManager.EXIT_CODE_WAIT}.
     */
    static final Duration EXIT_INSPECT_TIMEOUT = Duration.ofSeconds(12);

    /** Pause between asks while the engine has not yet recorded the exit of a container whose cgroup is gone. */
    static final Duration EXIT_RECHECK_PAUSE = Duration.ofMillis(250);

    /**
     * {@code State.ExitCode} of a fresh inspect when {@code State.Running} is false (Docker 20.10:
     * {@code exit 3} gives 3, a {@code docker rm -f} 137). With the cgroupfs driver the engine records
     * the exit before the cgroup goes; with the systemd driver systemd removes the scope as soon as the
     * last process exits, and the engine may still say running, with the same {@code StartedAt}, for a
     * moment (seen on the systemd guest of {@code bin/test-cgroup2}): then it is asked again every
     * {@link #EXIT_RECHECK_PAUSE} until it has recorded the exit, for at most
     * {@link #EXIT_INSPECT_TIMEOUT} in all. Empty when the container is already removed (404), running
     * again after a restart (another {@code StartedAt}), still running at the end of that time, or the
     * daemon is unreachable or slow: each call is bounded by {@link #EXIT_INSPECT_TIMEOUT} (on the
     * client's pool for long inspects), and a daemon known to be down is not asked. Runs on the
     * manager's exit-code pool, never on discovery's thread.
     */
    @Override
    public OptionalInt exitCode() {
        if (!context.reachable().getAsBoolean()) {
            return OptionalInt.empty();
        }
        long deadline = System.nanoTime() + EXIT_INSPECT_TIMEOUT.toNanos();
        try {
            while (true) {
                Optional<DockerInspect> answer = context.client().get().inspect(id, EXIT_INSPECT_TIMEOUT);
                if (answer.isEmpty()) {
                    return OptionalInt.empty();
                }
                if (!exitNotRecordedYet(answer.get()) || System.nanoTime() - deadline >= 0) {
                    return exitCode(answer.get());
                }
                Thread.sleep(EXIT_RECHECK_PAUSE.toMillis());
            }
        } catch (DockerException e) {
            context.onFailure().accept(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            Log.debugf("%s container %s: inspect for the exit code failed: %s", context.runtime().displayName(), id, e);
        }
        return OptionalInt.empty();
    }

    /** Still running since the start this handler knows: its exit is not recorded yet (not a restart). */
    private boolean exitNotRecordedYet(DockerInspect c) {
        DockerInspect known = inspect;
        return c.state() != null && c.state().running() && known.state() != null
                && Objects.equals(c.state().startedAt(), known.state().startedAt());
    }

    /** The exit code of a stopped container's inspect answer; empty while it runs or without a state. */
    static OptionalInt exitCode(DockerInspect c) {
        return c.state() == null || c.state().running() ? OptionalInt.empty() : OptionalInt.of(c.state().exitCode());
    }

    @Override
    public boolean exists() {
        return cgroup.exists();
    }

    @Override
    public void close() {
        cgroup.close();
        context.onClose().accept(this);
        context.fsUsage().ifPresent(f -> f.untrack(id));
    }
}
