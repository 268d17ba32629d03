package io.jcadvisor.container.containerd;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The set-up the live containerd tests share: the daemon under test ({@link #daemon()}, the system
 * containerd unless a subclass names the 2.1 peer) runs with the test image (else the test fails, naming
 * the fix), the test's containers are made through {@link #ctr} in namespace {@link CtrCli#NAMESPACE},
 * and each test's are removed after it, even when it failed. One instance per class, so a subclass's
 * {@link #daemon()} is known before the first test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CtrLiveTest {

    /** Makes this test's containers on {@link #daemon()}, and remembers them for the clean-up. */
    protected final CtrCli ctr = new CtrCli(daemon());

    /** The daemon under test; subclasses for containerd 2.1 override it with a constant. */
    ContainerdDaemon daemon() {
        return ContainerdDaemon.SYSTEM;
    }

    @BeforeAll
    void containerdRuns() throws IOException {
        assertThat(ctr.available()).as(daemon().provisionHint()).isTrue();
        System.out.printf("%s: server version %s%n", daemon(), ctr.serverVersion());
    }

    @AfterEach
    void removeContainers() {
        ctr.removeAll();
    }
}
