package io.jcadvisor.container.podman;

import io.jcadvisor.cgroup.CgroupContainers;
import io.jcadvisor.config.CadvisorConfig;
import io.jcadvisor.container.DiscoveryHint;
import io.jcadvisor.container.LazyClient;
import io.jcadvisor.config.EnabledMetrics;
import io.jcadvisor.container.PendingLimits;
import io.jcadvisor.container.ProcessView;
import io.jcadvisor.container.ProcessViews;
import io.jcadvisor.container.engine.DockerClient;
import io.jcadvisor.container.engine.DockerInspect;
import io.jcadvisor.container.engine.EngineFactory;
import io.jcadvisor.container.engine.EngineLayout;
import io.jcadvisor.container.engine.EnginePlugin;
import io.jcadvisor.container.engine.EngineReport;
import io.jcadvisor.container.engine.EngineRuntime;
import io.jcadvisor.host.HostFs;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Podman's runtime plugin (upstream head, {@code docs/data-sources.md} §7.2 and §8): Docker's engine
 * ({@link EngineFactory}) talking to Podman's service through its Docker-compatible API, with
 * Podman's names (namespace {@code podman}, {@code ?type=podman}), its cgroup naming and its
 * storage layout. With the cgroupfs manager (no systemd) a container's cgroup is
 * {@code /libpod_parent/libpod-<id>} in every v1 hierarchy (its {@code conmon} sits beside it in
 * {@code /libpod_parent/conmon} and stays raw); with systemd {@code /machine.slice/libpod-<id>.scope},
 * rootless on cgroup v2 {@code .../libpod-<id>.scope/container}.
 *
 * <p>A missing socket (Podman not installed, or its service not started) is logged once at info level
 * and Podman stays off; the background retries pick the service up if it starts later.
 */
@ApplicationScoped
public class PodmanFactory extends EnginePlugin {

    /** Podman: {@code podman system service} behind {@code cadvisor.runtimes.podman.endpoint}. */
    public static final EngineRuntime PODMAN = new EngineRuntime("podman", "Podman", "podman",
            "cadvisor.runtimes.podman", "podman system service", true);
    /** containers/storage's default graph root, until the service names its own. */
    static final String DEFAULT_ROOT = "/var/lib/containers/storage";
    /** Podman's cgroup names and storage layout. */
    static final EngineLayout LAYOUT = new PodmanLayout();

    /**
     * The Podman settings: {@code cadvisor.runtimes.podman.*}; the disk usage period is Docker's
     * ({@code cadvisor.runtimes.docker.fs-usage-interval}): upstream has one for both.
     */
    static EngineFactory.Settings settings(CadvisorConfig config) {
        CadvisorConfig.Runtimes.Podman p = config.runtimes().podman();
        return new EngineFactory.Settings(p.enabled(), p.endpoint(), DEFAULT_ROOT,
                config.runtimes().docker().fsUsageInterval(),
                config.containers().envMetadataWhitelist().orElse(List.of()), PendingLimits.from(config),
                config.runtimes().docker().inspectRefresh());
    }

    @Inject
    public PodmanFactory(CadvisorConfig config, Vertx vertx, Instance<CgroupContainers> cgroups, HostFs hostFs,
            EnabledMetrics metrics, Clock clock, Event<DiscoveryHint> hints, ProcessViews processViews) {
        this(EngineFactory.clientFor(PODMAN, settings(config), vertx), () -> cgroups.get(), settings(config), hostFs,
                metrics, clock, hints::fireAsync, processViews::newView);
    }

    /**
     * @param cgroups  opens a container's cgroup files (looked up when the first handler is made)
     * @param hints    receives a hint per container start/die/remove event
     * @param processViews makes the per-container view of /proc (network, fds, schedstat)
     */
    public PodmanFactory(DockerClient client, Supplier<CgroupContainers> cgroups, EngineFactory.Settings settings,
            HostFs hostFs, EnabledMetrics metrics, Clock clock, Consumer<DiscoveryHint> hints,
            Supplier<ProcessView> processViews) {
        this(EngineFactory.clientFor(PODMAN, settings, client), cgroups, settings, hostFs, metrics, clock, hints,
                processViews);
    }

    /** @param client the service's client, made on first use and never when Podman is disabled */
    public PodmanFactory(LazyClient<DockerClient> client, Supplier<CgroupContainers> cgroups,
            EngineFactory.Settings settings, HostFs hostFs, EnabledMetrics metrics, Clock clock,
            Consumer<DiscoveryHint> hints, Supplier<ProcessView> processViews) {
        // Order 11, after Docker's 10: a cgroup with a 64-hex id is asked to Docker first.
        super(new EngineFactory(PODMAN, LAYOUT, client, cgroups, settings, hostFs, metrics, clock, hints,
                processViews), 11);
    }

    /**
     * First contact with the daemon, in the background (before the manager's discovery starts, which
     * waits for it when it asks about a container): it is not on the start path (bench/README.md,
     * "Start-up").
     */
    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION) StartupEvent event) {
        startInBackground();
    }

    /**
     * Podman's part of {@code /validate/} ("Podman version": endpoint, version, storage driver, graph
     * root), from this factory's last status. Its version is offered as the {@code podman} runtime's;
     * the {@code docker_version} attribute stays Docker's.
     */
    @Produces
    @Singleton
    EngineReport podmanReport() {
        return report();
    }

    /**
     * Podman's layout: the id as Docker's, except that a last element that is literally
     * {@code container} stands for its parent; writable layer from the driver's {@code UpperDir}
     * (overlay: {@code <root>/overlay/<layer-id>/diff}: containers/storage keeps no Docker-style layer
     * database to derive it from); container directory {@code <root>/<driver>-containers/<id>}
     * ({@code overlay-containers}: config, logs).
     */
    static final class PodmanLayout implements EngineLayout {

        /**
         * 64 consecutive {@code [a-z0-9]} in the last path element, nothing for {@code .mount} units;
         * a last element {@code container} (rootless/nested: {@code .../libpod-<id>.scope/container})
         * is replaced by its parent. Pure.
         */
        @Override
        public Optional<String> containerId(String name) {
            if (name.endsWith(".mount")) {
                return Optional.empty();
            }
            int slash = name.lastIndexOf('/');
            String last = name.substring(slash + 1);
            if (last.equals("container") && slash > 0) {
                last = EngineLayout.lastElement(name.substring(0, slash));
            }
            return EngineLayout.idIn(last);
        }

        @Override
        public Optional<String> rwLayerDir(HostFs hostFs, String root, String driver, String id,
                DockerInspect inspect) {
            return EngineLayout.upperDir(inspect);
        }

        @Override
        public String containerDir(String root, String driver, String id) {
            return root + "/" + driver + "-containers/" + id;
        }
    }
}
