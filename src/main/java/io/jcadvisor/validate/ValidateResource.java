package io.jcadvisor.validate;

import io.jcadvisor.container.ValidateStatus;
import io.jcadvisor.container.ValidateResult;
import io.jcadvisor.container.ValidateSection;
import io.jcadvisor.api.AgentVersion;
import io.jcadvisor.machine.HostVersions;
import io.jcadvisor.cgroup.CgroupMode;
import io.jcadvisor.cgroup.CgroupMounts;
import io.jcadvisor.host.HostFs;
import io.jcadvisor.info.v1.MachineInfo;
import io.jcadvisor.manager.ContainerQueries;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;

/**
 * {@code /validate/}: a plain-text report on whether this host suits the agent, section by section
 * in upstream's shape. Host sections come first, then those of each {@link ValidateSection} bean
 * (runtime plugins), then the disks' I/O schedulers (from machine info), then the managed containers.
 * {@code /validate} without the slash never gets here: {@code CleanPathRedirect} answers 301 to
 * {@code /validate/}, as upstream.
 */
@Path("/validate")
public class ValidateResource {

    private final HostFs hostFs;
    private final AgentVersion agentVersion;
    private final HostVersions hostVersions;
    private final Instance<CgroupMounts> cgroupMounts;
    private final Instance<ValidateSection> sections;
    private final ContainerQueries queries;

    public ValidateResource(HostFs hostFs, AgentVersion agentVersion, HostVersions hostVersions,
            Instance<CgroupMounts> cgroupMounts, Instance<ValidateSection> sections, ContainerQueries queries) {
        this.hostFs = hostFs;
        this.agentVersion = agentVersion;
        this.hostVersions = hostVersions;
        this.cgroupMounts = cgroupMounts;
        this.sections = sections;
        this.queries = queries;
    }

    @GET
    @Path("/")
    @Produces("text/plain; charset=utf-8")
    public String report() {
        List<ValidateResult> results = new ArrayList<>();
        results.add(ValidateResult.value("cAdvisor version", agentVersion.version()));
        results.add(ValidateResult.value("OS version", hostVersions.osVersion()));
        results.add(ValidateChecks.kernel(hostVersions.kernelVersion()));
        CgroupMode mode = cgroupMounts.isResolvable() ? cgroupMounts.get().mode() : CgroupMode.V1;
        results.add(ValidateChecks.cgroups(mode, hostFs.readLines("/proc/cgroups"),
                hostFs.readString("/sys/fs/cgroup/cgroup.controllers").orElse("")));
        if (cgroupMounts.isResolvable()) {
            results.add(ValidateChecks.cgroupMounts(mode, cgroupMounts.get().hierarchyRoots()));
        } else {
            results.add(ValidateResult.of("Cgroup mount setup", ValidateStatus.UNKNOWN,
                    "Cgroup mount discovery is not available in this agent."));
        }
        results.add(ValidateChecks.hostRoot(hostFs.root(), hostFs.isDirectory("/proc"),
                hostFs.isDirectory("/sys/fs/cgroup")));
        results.add(ValidateChecks.inotify(number("/proc/sys/fs/inotify/max_user_watches"),
                number("/proc/sys/fs/inotify/max_user_instances")));
        sections.stream().sorted(Comparator.comparingInt(ValidateSection::order)).map(ValidateSection::checks)
                .forEach(results::addAll);
        MachineInfo machine = queries.machineInfo();
        results.add(ValidateChecks.blockDevices(mode, machine == null || machine.diskMap() == null ? null
                : machine.diskMap().values()));
        results.add(ValidateChecks.managedContainers(queries.containers()));
        StringBuilder out = new StringBuilder();
        results.forEach(r -> out.append(r.render()));
        return out.toString();
    }

    private OptionalLong number(String hostPath) {
        try {
            return hostFs.readString(hostPath).map(s -> OptionalLong.of(Long.parseLong(s.trim())))
                    .orElse(OptionalLong.empty());
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
