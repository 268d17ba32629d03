package io.jcadvisor.container.containerd;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link ContainerdApiLiveTest} with the agent watching containerd 2.1 ({@code bin/containerd-peer}). */
@QuarkusTest
@TestProfile(ContainerdTestProfile.On21.class)
class ContainerdApiOn21LiveTest extends ContainerdApiLiveTest {

    @Override
    ContainerdDaemon daemon() {
        return ContainerdDaemon.PEER_2_1;
    }
}
