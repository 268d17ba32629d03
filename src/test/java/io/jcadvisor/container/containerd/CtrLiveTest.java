package io.jcadvisor.container.containerd;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The set-up the live containerd tests share: the system containerd runs with the test image (else
 * the test fails, naming the fix), the test's containers are made through {@link #ctr} in namespace
 * {@link CtrCli#NAMESPACE}, and each test's are removed after it, even when it failed.
 */
abstract class CtrLiveTest {

    /** Makes this test's containers, and remembers them for the clean-up. */
    protected final CtrCli ctr = new CtrCli();

    @BeforeAll
    static void containerdRuns() {
        assertThat(CtrCli.available()).as("system containerd with the test image: run bin/provision first").isTrue();
    }

    @AfterEach
    void removeContainers() {
        ctr.removeAll();
    }
}
