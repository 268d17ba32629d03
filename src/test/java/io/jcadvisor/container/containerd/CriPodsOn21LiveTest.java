package io.jcadvisor.container.containerd;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link CriPodsLiveTest} on containerd 2.1, what current nodes run: the same pods through the same CRI
 * calls, on a private daemon started from the binary {@code bin/containerd-peer} unpacks from Debian
 * unstable (beside the system 1.6, which stays untouched).
 */
@QuarkusTest
@TestProfile(CriPodsOn21LiveTest.OnPrivateContainerd21.class)
class CriPodsOn21LiveTest extends CriPodsLiveTest {

    static final String BINARY = "/opt/jcadvisor-peers/containerd-2.1/usr/bin/containerd";

    /** The agent on a private containerd 2.1. */
    public static class OnPrivateContainerd21 extends OnPrivateContainerd {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(Daemon.class, Map.of(Daemon.BINARY, BINARY)));
        }
    }

    @Test
    void theDaemonIsContainerd21() throws Exception {
        assertThat(Daemon.current.version()).as("run bin/provision (bin/containerd-peer) first").contains(" 2.1.");
    }
}
