package io.jcadvisor.container.containerd;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * The agent on this host, watching the test namespace {@value CtrCli#NAMESPACE} of the system containerd;
 * {@link On21} of containerd 2.1.
 */
public class ContainerdTestProfile implements QuarkusTestProfile {

    /** The daemon the agent talks to. */
    ContainerdDaemon daemon() {
        return ContainerdDaemon.SYSTEM;
    }

    /** The same agent talking to containerd 2.1 ({@code bin/containerd-peer}). */
    public static class On21 extends ContainerdTestProfile {
        @Override
        ContainerdDaemon daemon() {
            return ContainerdDaemon.PEER_2_1;
        }
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("cadvisor.host.root", "/",
                "cadvisor.runtimes.containerd.endpoint", daemon().socket,
                "cadvisor.runtimes.containerd.namespace", CtrCli.NAMESPACE,
                "cadvisor.containers.env-metadata-whitelist", "JCADV_",
                // Upstream's default minus process: ulimits and fds come with that group.
                "cadvisor.metrics.disable", "advtcp,cpu_topology,cpuset,hugetlb,memory_numa,referenced_memory,resctrl,"
                        + "sched,tcp,udp");
    }
}
