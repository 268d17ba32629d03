package io.jcadvisor.container.containerd;

/** {@link GrpcContainerdClientLiveTest} against containerd 2.1 ({@code bin/containerd-peer}). */
class GrpcContainerdClientOn21LiveTest extends GrpcContainerdClientLiveTest {

    @Override
    ContainerdDaemon daemon() {
        return ContainerdDaemon.PEER_2_1;
    }
}
