package io.jcadvisor.container.containerd;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Cgroup name → containerd id, with the layouts containerd and CRI make. */
class ContainerdNamesTest {

    static final String ID = "8e3c0a2f9b1d4c6e7a5b3d2f1e0c9b8a7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a";

    @Test
    void ctrRunPutsTheContainerUnderItsNamespace() {
        assertThat(ContainerdNames.containerId("/jcadv-test/" + ID)).contains(ID);
        assertThat(ContainerdNames.containerId("/k8s.io/" + ID)).contains(ID);
    }

    @Test
    void kubernetesCgroupfsAndSystemdLayouts() {
        assertThat(ContainerdNames.containerId("/kubepods/burstable/pod0f6e2b8a-1c3d-4e5f-8a9b-0c1d2e3f4a5b/" + ID))
                .contains(ID);
        assertThat(ContainerdNames.containerId("/kubepods/besteffort/pod9a8b7c6d-5e4f-3a2b-1c0d-9e8f7a6b5c4d/" + ID))
                .contains(ID);
        assertThat(ContainerdNames.containerId("/kubepods.slice/kubepods-burstable.slice/"
                + "kubepods-burstable-pod0f6e2b8a_1c3d_4e5f_8a9b_0c1d2e3f4a5b.slice/cri-containerd-" + ID + ".scope"))
                .contains(ID);
        assertThat(ContainerdNames.containerId("/system.slice/containerd.service/kubepods-burstable-pod1.slice:cri-containerd:"
                + ID)).contains(ID);
    }

    @Test
    void namesWithoutAnIdInTheLastElementAreNotContainers() {
        assertThat(ContainerdNames.containerId("/")).isEmpty();
        assertThat(ContainerdNames.containerId("/jcadv-test")).isEmpty();
        assertThat(ContainerdNames.containerId("/kubepods/burstable/pod0f6e2b8a-1c3d-4e5f-8a9b-0c1d2e3f4a5b")).isEmpty();
        assertThat(ContainerdNames.containerId("/k8s.io/" + ID + "/child")).isEmpty();
        assertThat(ContainerdNames.containerId("/k8s.io/" + ID.substring(1))).as("63 characters").isEmpty();
        assertThat(ContainerdNames.containerId("/system.slice/run-containerd-" + ID + ".mount")).isEmpty();
        assertThat(ContainerdNames.containerId(null)).isEmpty();
    }

    @Test
    void upperCaseIsNotAnId() {
        assertThat(ContainerdNames.containerId("/k8s.io/" + ID.toUpperCase())).isEmpty();
    }
}
