package io.jcadvisor.proc;

import io.jcadvisor.host.HostFs;
import io.jcadvisor.info.v2.ProcessInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link PsReader} on the {@code proc-pids} fixture, at the moment of the capture. */
class PsReaderTest {

    private static final String DOCKER_SCOPE =
            "/system.slice/docker-4f1c2b9d8e7a6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b.scope";

    private final PsReader reader = new PsReader(ProcFixture.hostFs(),
            Clock.fixed(ProcFixture.CAPTURED_AT, ZoneOffset.UTC));

    @Test
    void cpuBurnerAsPsShowsIt() {
        // 486 + 1 ticks of CPU over 13.31 - 2.15 s since start: 43.6%; started 23:17 UTC on the capture day
        assertThat(reader.processes(List.of(133))).containsExactly(new ProcessInfo("root", 133, 1, "23:17", 43.6f,
                0.0f, 4096, 2314240, "R", "00:00:04", "", "sh", 3, 1));
    }

    @Test
    void memoryHogAsPsShowsIt() {
        // VmRSS 24944 KiB of MemTotal 984832 KiB: 2.5%; 35 ticks over 11.15 s: 3.1%
        assertThat(reader.processes(List.of(134))).containsExactly(new ProcessInfo("root", 134, 1, "23:17", 3.1f,
                2.5f, 24944L * 1024, 25700L * 1024, "S", "00:00:00", "", "awk", 3, 1));
    }

    @Test
    void containerListKeepsTheGivenOrderAndSkipsUnknownPids() {
        assertThat(reader.processes(List.of(135, 4242, 134)))
                .extracting(ProcessInfo::pid).containsExactly(135, 134);
    }

    @Test
    void rootListingHasEveryProcessWithItsCgroup() {
        List<ProcessInfo> all = reader.allProcesses();
        assertThat(all).extracting(ProcessInfo::pid).containsExactly(1, 133, 134, 135);
        assertThat(all).extracting(ProcessInfo::cgroupPath).containsExactly("/", "/demo", "/demo", DOCKER_SCOPE);
        assertThat(all.get(0)).isEqualTo(new ProcessInfo("root", 1, 0, "23:17", 6.6f, 0.1f, 1804L * 1024,
                2260L * 1024, "S", "00:00:00", "/", "init", 5, 0));
        assertThat(all.get(3).cmd()).isEqualTo("sleep");
        assertThat(all.get(3).psr()).isEqualTo(0);
    }

    @Test
    void startTimeIsADateOnALaterDay() {
        PsReader nextDay = new PsReader(ProcFixture.hostFs(),
                Clock.fixed(ProcFixture.CAPTURED_AT.plusSeconds(3600), ZoneOffset.UTC));
        assertThat(nextDay.processes(List.of(135))).extracting(ProcessInfo::startTime).containsExactly("Nov26");
    }

    @Test
    void processWithoutAListableFdDirIsDropped(@TempDir Path tmp) throws IOException {
        Path root = ProcFixture.copyTo(tmp);
        for (String fd : List.of("0", "1", "2")) {
            Files.delete(root.resolve("proc/135/fd/" + fd));
        }
        Files.delete(root.resolve("proc/135/fd"));
        PsReader copy = new PsReader(new HostFs(root), Clock.fixed(ProcFixture.CAPTURED_AT, ZoneOffset.UTC));
        assertThat(copy.processes(List.of(134, 135))).extracting(ProcessInfo::pid).containsExactly(134);
        assertThat(copy.allProcesses()).extracting(ProcessInfo::pid).containsExactly(1, 133, 134);
    }

    @Test
    void unknownUidIsShownAsANumberAndGarbageStatIsSkipped(@TempDir Path tmp) throws IOException {
        Path root = ProcFixture.copyTo(tmp);
        Path status = root.resolve("proc/134/status");
        Files.writeString(status, Files.readString(status).replace("Uid:\t0\t0\t0\t0", "Uid:\t1000\t4242\t1000\t1000"));
        Files.writeString(root.resolve("proc/133/stat"), "133 (sh) R 1 0");
        PsReader copy = new PsReader(new HostFs(root), Clock.fixed(ProcFixture.CAPTURED_AT, ZoneOffset.UTC));
        assertThat(copy.processes(List.of(133, 134))).extracting(ProcessInfo::pid, ProcessInfo::user)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(134, "4242"));
    }

    @Test
    void missingSystemFilesStillListProcesses(@TempDir Path tmp) throws IOException {
        Path root = ProcFixture.copyTo(tmp);
        Files.delete(root.resolve("proc/uptime"));
        Files.delete(root.resolve("proc/meminfo"));
        Files.delete(root.resolve("etc/passwd"));
        PsReader copy = new PsReader(new HostFs(root), Clock.fixed(ProcFixture.CAPTURED_AT, ZoneOffset.UTC));
        ProcessInfo sh = copy.processes(List.of(133)).get(0);
        assertThat(sh.user()).isEqualTo("0");
        assertThat(sh.percentMem()).isZero();
        // uptime falls back to now - btime = 13.31 s
        assertThat(sh.percentCpu()).isEqualTo(43.6f);
    }
}
