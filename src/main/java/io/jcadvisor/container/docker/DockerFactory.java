package io.jcadvisor.container.docker;

import io.jcadvisor.cgroup.CgroupContainers;
import io.jcadvisor.config.CadvisorConfig;
import io.jcadvisor.container.Acceptance;
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
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Docker's runtime plugin ({@code docs/data-sources.md} §7.2): claims a cgroup whose last path element
 * holds a 64-character id ({@code /docker/<id>}, {@code /system.slice/docker-<id>.scope}) when
 * {@code docker inspect} says that container is running; everything else, and everything while the
 * daemon does not answer, is {@link Acceptance#NOT_MINE} and falls through to raw. The engine work
 * (daemon connection, events, handlers, disk usage) is {@link EngineFactory}'s, shared with Podman;
 * this bean configures it with Docker's names, settings and layout.
 */
@ApplicationScoped
public class DockerFactory extends EnginePlugin {

    /** Bound of every daemon call. */
    static final Duration CLIENT_TIMEOUT = EngineFactory.CLIENT_TIMEOUT;

    /** Docker's cgroup names and storage layout. */
    static final EngineLayout LAYOUT = new DockerLayout();

    /** The Docker settings from {@code cadvisor.runtimes.docker.*}. */
    static EngineFactory.Settings settings(CadvisorConfig config) {
        CadvisorConfig.Runtimes.Docker d = config.runtimes().docker();
        return new EngineFactory.Settings(d.enabled(), d.endpoint(), d.root(), d.fsUsageInterval(),
                config.containers().envMetadataWhitelist().orElse(List.of()), PendingLimits.from(config),
                d.inspectRefresh());
    }

    @Inject
    public DockerFactory(CadvisorConfig config, Vertx vertx, Instance<CgroupContainers> cgroups, HostFs hostFs,
            EnabledMetrics metrics, Clock clock, Event<DiscoveryHint> hints, ProcessViews processViews) {
        this(EngineFactory.clientFor(EngineRuntime.DOCKER, settings(config), vertx), () -> cgroups.get(),
                settings(config), hostFs, metrics, clock, hints::fireAsync, processViews::newView);
    }

    /** As below, without /proc views: for tests of the Docker side alone. */
    public DockerFactory(DockerClient client, Supplier<CgroupContainers> cgroups, EngineFactory.Settings settings,
            HostFs hostFs, EnabledMetrics metrics, Clock clock, Consumer<DiscoveryHint> hints) {
        this(client, cgroups, settings, hostFs, metrics, clock, hints, ProcessView::none);
    }

    /**
     * @param cgroups  opens a container's cgroup files (looked up when the first handler is made)
     * @param hints    receives a hint per container start/die/destroy event
     * @param processViews makes the per-container view of /proc (network, fds, schedstat)
     */
    public DockerFactory(DockerClient client, Supplier<CgroupContainers> cgroups, EngineFactory.Settings settings,
            HostFs hostFs, EnabledMetrics metrics, Clock clock, Consumer<DiscoveryHint> hints,
            Supplier<ProcessView> processViews) {
        this(EngineFactory.clientFor(EngineRuntime.DOCKER, settings, client), cgroups, settings, hostFs, metrics,
                clock, hints, processViews);
    }

    /** @param client the daemon's client, made on first use and never when Docker is disabled */
    public DockerFactory(LazyClient<DockerClient> client, Supplier<CgroupContainers> cgroups,
            EngineFactory.Settings settings, HostFs hostFs, EnabledMetrics metrics, Clock clock,
            Consumer<DiscoveryHint> hints, Supplier<ProcessView> processViews) {
        super(new EngineFactory(EngineRuntime.DOCKER, LAYOUT, client, cgroups, settings, hostFs, metrics,
                clock, hints, processViews), 10);
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
     * Docker's part of {@code /validate/} ("Docker version", "Docker driver setup", as upstream) and of
     * {@code attributes} ({@code docker_version}, {@code docker_api_version}), from this factory's last
     * status; never calls the daemon itself.
     */
    @Produces
    @Singleton
    EngineReport dockerReport() {
        return report();
    }

    /**
     * The container id in a cgroup name: 64 consecutive {@code [a-z0-9]} in the last path element;
     * empty for {@code .mount} units and names without one. Pure: no daemon call.
     */
    static Optional<String> containerId(String name) {
        return LAYOUT.containerId(name);
    }

    /**
     * Docker's layout: the id in the last element; writable layer overlay2
     * {@code <root>/overlay2/<mount-id>/diff}, overlay {@code <root>/overlay/<mount-id>/upper}, with
     * mount-id from {@code <root>/image/<driver>/layerdb/mounts/<id>/mount-id}, else the driver's own
     * {@code UpperDir}; container directory {@code <root>/containers/<id>}.
     */
    static final class DockerLayout implements EngineLayout {

        @Override
        public Optional<String> containerId(String name) {
            if (name.endsWith(".mount")) {
                return Optional.empty();
            }
            return EngineLayout.idIn(EngineLayout.lastElement(name));
        }

        @Override
        public Optional<String> rwLayerDir(HostFs hostFs, String root, String driver, String id,
                DockerInspect inspect) {
            String layout = switch (driver) {
                case "overlay2" -> "diff";
                case "overlay" -> "upper";
                default -> null;
            };
            if (layout != null) {
                Optional<String> mountId = hostFs
                        .readString(root + "/image/" + driver + "/layerdb/mounts/" + id + "/mount-id")
                        .map(String::trim).filter(s -> s.matches("[A-Za-z0-9_.-]+"));
                if (mountId.isPresent()) {
                    return Optional.of(root + "/" + driver + "/" + mountId.get() + "/" + layout);
                }
            }
            return EngineLayout.upperDir(inspect);
        }

        @Override
        public String containerDir(String root, String driver, String id) {
            return root + "/containers/" + id;
        }
    }
}
