package io.jcadvisor.container.containerd;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link ContainerdStartRaceLiveTest} with the delaying proxy in front of containerd 2.1 ({@code bin/containerd-peer}). */
@QuarkusTest
@TestProfile(ContainerdStartRaceLiveTest.BehindProxyOn21.class)
class ContainerdStartRaceOn21LiveTest extends ContainerdStartRaceLiveTest {

    @Override
    ContainerdDaemon daemon() {
        return ContainerdDaemon.PEER_2_1;
    }
}
