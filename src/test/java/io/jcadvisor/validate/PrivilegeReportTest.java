package io.jcadvisor.validate;

import io.jcadvisor.host.HostFs;
import io.jcadvisor.oom.OomCounter;
import io.jcadvisor.oom.OomWatcher;
import io.jcadvisor.proc.PidStatsReader;
import io.jcadvisor.testing.SettableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PrivilegeReportTest {

    @Test
    void saysWhyOomEventsAreOffAndThatFdCountsLeaveProcessesOut(@TempDir Path tmp) throws IOException {
        // A host root without /dev/kmsg, and a live process (its stat is there) whose fd directory
        // cannot be opened: what the agent meets without CAP_SYSLOG and CAP_DAC_READ_SEARCH.
        Files.createDirectories(tmp.resolve("proc/77"));
        Files.writeString(tmp.resolve("proc/77/stat"), "77 (sleep) S 1 77 77 0 -1 0\n");
        HostFs host = new HostFs(tmp);
        OomWatcher watcher = new OomWatcher(host, e -> { }, new OomCounter(true, OomCounter.MAX_NAMES),
                new SettableClock(Instant.parse("2026-12-05T00:00:00Z")));
        assertThat(watcher.start()).isFalse();
        PidStatsReader reader = new PidStatsReader(host);
        reader.fdCounts(List.of(77));

        String report = new PrivilegeReport(watcher, reader).check().render();

        assertThat(report).contains("Privileges: [Supported, but not recommended]")
                .contains("OOM events are off: cannot read " + tmp.resolve("dev/kmsg"))
                .contains("CAP_SYSLOG")
                .contains("(up to 1 in one container)").contains("CAP_DAC_READ_SEARCH");
    }

    @Test
    void allReadableIsRecommended() {
        HostFs host = new HostFs(Path.of("src/test/resources/host/kmsg-v1-kernel-6.18"));
        OomWatcher watcher = new OomWatcher(host, e -> { }, new OomCounter(true, OomCounter.MAX_NAMES),
                new SettableClock(Instant.parse("2026-12-05T00:00:00Z")));
        try {
            assertThat(watcher.start()).isTrue();
            String report = new PrivilegeReport(watcher, new PidStatsReader(host)).check().render();
            assertThat(report).contains("Privileges: [Supported and recommended]").contains("OOM events: reading ")
                    .doesNotContain("fd counts");
        } finally {
            watcher.stop();
        }
    }
}
