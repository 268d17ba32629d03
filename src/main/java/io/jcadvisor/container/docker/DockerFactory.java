package io.jcadvisor.container.docker;

import io.jcadvisor.cgroup.CgroupContainers;
import io.jcadvisor.config.CadvisorConfig;
import io.jcadvisor.container.DiscoveryHint;
import io.jcadvisor.container.EnabledMetrics;
import io.jcadvisor.container.ProcessView;
import io.jcadvisor.container.ProcessViews;
import io.jcadvisor.host.HostFs;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Docker's runtime plugin ({@code data-sources.md} §7.2): claims a cgroup whose last path element
 * holds a 64-character id ({@code /docker/<id>}, {@code /system.slice/docker-<id>.scope}) when
 * {@code docker inspect} says that container is running. The engine work is {@link EngineFactory}'s;
 * this class adds Docker's names, configuration and storage layout.
 */
@ApplicationScoped
public class DockerFactory extends EngineFactory {

    /** The Docker settings from {@code cadvisor.runtimes.docker.*}. */
    static Settings settings(CadvisorConfig config) {
        CadvisorConfig.Runtimes.Docker d = config.runtimes().docker();
        return new Settings(d.enabled(), d.endpoint(), d.root(), d.fsUsageInterval(),
                config.containers().envMetadataWhitelist().orElse(List.of()));
    }

    @Inject
    public DockerFactory(CadvisorConfig config, Vertx vertx, Instance<CgroupContainers> cgroups, HostFs hostFs,
            EnabledMetrics metrics, Clock clock, Event<DiscoveryHint> hints, ProcessViews processViews) {
        this(clientFor(EngineRuntime.DOCKER, settings(config), vertx), () -> cgroups.get(), settings(config), hostFs,
                metrics, clock, hints::fire, processViews::newView);
    }

    /** As below, without /proc views: for tests of the Docker side alone. */
    public DockerFactory(DockerClient client, Supplier<CgroupContainers> cgroups, Settings settings, HostFs hostFs,
            EnabledMetrics metrics, Clock clock, Consumer<DiscoveryHint> hints) {
        this(client, cgroups, settings, hostFs, metrics, clock, hints, ProcessView::none);
    }

    /**
     * @param cgroups  opens a container's cgroup files (looked up when the first handler is made)
     * @param hints    receives a hint per container start/die/destroy event
     * @param processViews makes the per-container view of /proc (network, fds, schedstat)
     */
    public DockerFactory(DockerClient client, Supplier<CgroupContainers> cgroups, Settings settings, HostFs hostFs,
            EnabledMetrics metrics, Clock clock, Consumer<DiscoveryHint> hints,
            Supplier<ProcessView> processViews) {
        super(EngineRuntime.DOCKER, client, cgroups, settings, hostFs, metrics, clock, hints, processViews);
    }

    void onStart(@Observes StartupEvent event) {
        ensureStarted();
    }

    @Override
    public int order() {
        return 10;
    }

    /**
     * The container id in a cgroup name: 64 consecutive {@code [a-z0-9]} in the last path element;
     * empty for {@code .mount} units and names without one. Pure: no daemon call.
     */
    static Optional<String> containerId(String name) {
        if (name.endsWith(".mount")) {
            return Optional.empty();
        }
        return idIn(name.substring(name.lastIndexOf('/') + 1));
    }

    @Override
    protected Optional<String> containerIdOf(String name) {
        return containerId(name);
    }

    /**
     * overlay2 {@code <root>/overlay2/<mount-id>/diff}, overlay {@code <root>/overlay/<mount-id>/upper},
     * with mount-id from {@code <root>/image/<driver>/layerdb/mounts/<id>/mount-id}; else the driver's
     * own {@code UpperDir}.
     */
    @Override
    protected Optional<String> rwLayerDir(String root, String driver, String id, DockerInspect inspect) {
        String layout = switch (driver) {
            case "overlay2" -> "diff";
            case "overlay" -> "upper";
            default -> null;
        };
        if (layout != null) {
            Optional<String> mountId = hostFs().readString(root + "/image/" + driver + "/layerdb/mounts/" + id + "/mount-id")
                    .map(String::trim).filter(s -> s.matches("[A-Za-z0-9_.-]+"));
            if (mountId.isPresent()) {
                return Optional.of(root + "/" + driver + "/" + mountId.get() + "/" + layout);
            }
        }
        return upperDir(inspect);
    }

    /** {@code <root>/containers/<id>}: logs, config. */
    @Override
    protected String containerDir(String root, String driver, String id) {
        return root + "/containers/" + id;
    }
}
