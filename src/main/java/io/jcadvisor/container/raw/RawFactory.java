package io.jcadvisor.container.raw;

import io.jcadvisor.cgroup.CgroupContainers;
import io.jcadvisor.config.CadvisorConfig;
import io.jcadvisor.container.Acceptance;
import io.jcadvisor.container.ContainerHandler;
import io.jcadvisor.container.ContainerHandlerFactory;
import io.jcadvisor.container.ProcessView;
import io.jcadvisor.container.ProcessViews;
import io.jcadvisor.config.EnabledMetrics;
import io.jcadvisor.config.MetricKind;
import io.jcadvisor.fs.RootFsStatsSource;
import io.jcadvisor.info.v1.FsStats;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.function.Supplier;

/**
 * The fallback runtime: plain cgroups, asked last. Handles every name; accepts {@code /} always,
 * and the rest unless {@code cadvisor.containers.docker-only} is set without a whitelist; with
 * {@code raw-cgroup-prefix-whitelist} only names starting with one of its prefixes (upstream
 * {@code -docker_only}, {@code -raw_cgroup_prefix_whitelist}).
 */
@ApplicationScoped
public class RawFactory implements ContainerHandlerFactory {

    private final CgroupContainers cgroups;
    private final boolean dockerOnly;
    private final List<String> whitelist;
    private final Supplier<ProcessView> processViews;
    private final Supplier<List<FsStats>> rootFilesystems;

    @Inject
    public RawFactory(CgroupContainers cgroups, CadvisorConfig config, ProcessViews processViews,
            RootFsStatsSource rootFs, EnabledMetrics metrics) {
        this(cgroups, config.containers().dockerOnly(),
                config.containers().rawCgroupPrefixWhitelist().orElse(List.of()), processViews::newView,
                metrics.has(MetricKind.DISK) ? rootFs::rootFsStats : null);
    }

    public RawFactory(CgroupContainers cgroups, boolean dockerOnly, List<String> whitelist) {
        this(cgroups, dockerOnly, whitelist, ProcessView::none, null);
    }

    /**
     * @param rootFilesystems the machine's partitions, sampled with {@code /} (null when the
     *                        {@code disk} group is off)
     */
    public RawFactory(CgroupContainers cgroups, boolean dockerOnly, List<String> whitelist,
            Supplier<ProcessView> processViews, Supplier<List<FsStats>> rootFilesystems) {
        this.cgroups = cgroups;
        this.processViews = processViews;
        this.rootFilesystems = rootFilesystems;
        this.dockerOnly = dockerOnly;
        this.whitelist = whitelist.stream().map(String::trim).filter(p -> !p.isEmpty()).toList();
    }

    @Override
    public String name() {
        return "raw";
    }

    @Override
    public int order() {
        return Integer.MAX_VALUE;
    }

    @Override
    public Acceptance canHandleAndAccept(String name) {
        if (name.equals("/")) {
            return Acceptance.ACCEPT;
        }
        if (dockerOnly && whitelist.isEmpty()) {
            return Acceptance.IGNORE;
        }
        if (whitelist.isEmpty()) {
            return Acceptance.ACCEPT;
        }
        for (String prefix : whitelist) {
            if (name.startsWith(prefix)) {
                return Acceptance.ACCEPT;
            }
        }
        return Acceptance.IGNORE;
    }

    @Override
    public ContainerHandler newHandler(String name) {
        return new RawHandler(cgroups.open(name), processViews.get(), rootFilesystems);
    }
}
