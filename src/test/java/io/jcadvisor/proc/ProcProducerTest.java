package io.jcadvisor.proc;

import io.jcadvisor.info.v1.InterfaceStats;
import io.jcadvisor.info.v2.ProcessInfo;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The readers are beans reading under {@code cadvisor.host.root}. */
@QuarkusTest
@TestProfile(ProcProducerTest.ProcPidsHost.class)
class ProcProducerTest {

    /** Points the agent at the {@code proc-pids} fixture. */
    public static class ProcPidsHost implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cadvisor.host.root", ProcFixture.root().toString());
        }
    }

    @Inject
    PidStatsReader pidStatsReader;

    @Inject
    PsReader psReader;

    @Test
    void readersUseTheConfiguredHostRoot() {
        assertThat(pidStatsReader.interfaces(1)).contains(List.of(new InterfaceStats("eth0", 578, 6, 0, 0, 1008, 12, 0, 0)));
        assertThat(psReader.allProcesses()).extracting(ProcessInfo::cmd).containsExactly("init", "sh", "awk", "sleep");
    }
}
