package io.jcadvisor.container.containerd;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** The agent on this host, watching containerd's test namespace {@value CtrCli#NAMESPACE}. */
public class ContainerdTestProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("cadvisor.host.root", "/",
                "cadvisor.runtimes.containerd.namespace", CtrCli.NAMESPACE,
                "cadvisor.containers.env-metadata-whitelist", "JCADV_",
                // Upstream's default minus process: ulimits and fds come with that group.
                "cadvisor.metrics.disable", "advtcp,cpu_topology,cpuset,hugetlb,memory_numa,referenced_memory,resctrl,"
                        + "sched,tcp,udp");
    }
}
