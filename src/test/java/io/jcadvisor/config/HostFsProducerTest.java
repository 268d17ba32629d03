package io.jcadvisor.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link HostFsProducer#maxOpenFiles}: the configured bound, within a quarter of the open-file limit. */
class HostFsProducerTest {

    @Test
    void theConfiguredBoundWhenTheLimitLeavesRoom() {
        assertThat(HostFsProducer.maxOpenFiles(4096, 1_048_576)).isEqualTo(4096);
        assertThat(HostFsProducer.maxOpenFiles(0, 1_048_576)).isZero();
    }

    @Test
    void aQuarterOfASmallOpenFileLimit() {
        assertThat(HostFsProducer.maxOpenFiles(4096, 1024)).isEqualTo(256);
        assertThat(HostFsProducer.maxOpenFiles(4096, HostFsProducer.ASSUMED_FD_LIMIT)).isEqualTo(256);
        assertThat(HostFsProducer.maxOpenFiles(4096, 3)).isZero();
    }
}
