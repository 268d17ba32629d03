package io.jcadvisor.proc;

import io.jcadvisor.host.HostFs;
import io.jcadvisor.info.v1.CpuSchedstat;
import io.jcadvisor.info.v1.InterfaceStats;
import io.jcadvisor.info.v1.NetworkStats;
import io.jcadvisor.info.v1.TcpStat;
import io.jcadvisor.info.v1.UdpStat;
import io.jcadvisor.info.v1.UlimitSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link PidStatsReader} on the {@code proc-pids} fixture (a cgroup v2 kernel 6.1 capture). */
class PidStatsReaderTest {

    private final PidStatsReader reader = new PidStatsReader(ProcFixture.hostFs());

    @Test
    void interfacesOfTheMainPidWithoutLoopback() {
        assertThat(reader.interfaces(1)).contains(List.of(new InterfaceStats("eth0", 578, 6, 0, 0, 1008, 12, 0, 0)));
        assertThat(reader.interfaces(135)).contains(List.of(new InterfaceStats("eth0", 578, 6, 0, 0, 1008, 12, 0, 0)));
    }

    @Test
    void networkStatsInlineTheFirstInterface() {
        NetworkStats network = reader.networkStats(1, true, true, true, true);
        assertThat(network.name()).isEqualTo("eth0");
        assertThat(network.rxBytes()).isEqualTo(578);
        assertThat(network.txPackets()).isEqualTo(12);
        assertThat(network.tcp().established()).isEqualTo(2);
        assertThat(network.udp().txQueued()).isEqualTo(0x200);
        assertThat(network.tcpAdvanced()).containsEntry("InSegs", 5436L);
    }

    @Test
    void networkStatsOfGroupsThatAreOffOrUnreadableAreZero() {
        NetworkStats off = reader.networkStats(1, true, false, false, false);
        assertThat(off.tcp()).isEqualTo(TcpStat.ZERO);
        assertThat(off.udp6()).isEqualTo(UdpStat.ZERO);
        assertThat(off.tcpAdvanced()).isEqualTo(AdvancedTcpParser.zero());
        // pid 133 of the capture has net/dev but no socket tables
        NetworkStats unreadable = reader.networkStats(133, true, true, true, true);
        assertThat(unreadable.interfaces()).hasSize(1);
        assertThat(unreadable.tcp6()).isEqualTo(TcpStat.ZERO);
        assertThat(unreadable.tcpAdvanced()).hasSize(99).containsOnlyKeys(AdvancedTcpParser.KEYS);
        NetworkStats gone = reader.networkStats(4242, true, true, true, true);
        assertThat(gone.interfaces()).isEmpty();
        assertThat(gone.name()).isEmpty();
    }

    @Test
    void tcpStatesOfBothFamilies() {
        assertThat(reader.tcp(1)).contains(new TcpStat(2, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0));
        assertThat(reader.tcp6(1)).contains(new TcpStat(0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0));
    }

    @Test
    void udpWithTheUpstreamQueueSwap() {
        assertThat(reader.udp(1)).contains(new UdpStat(2, 3, 0x10, 0x200));
        assertThat(reader.udp6(1)).contains(UdpStat.ZERO);
    }

    @Test
    void advancedTcpFromNetstatAndSnmp() {
        Map<String, Long> values = reader.tcpAdvanced(1).orElseThrow();
        assertThat(values.keySet()).containsExactlyElementsOf(AdvancedTcpParser.KEYS);
        assertThat(values).containsEntry("RtoAlgorithm", 1L).containsEntry("RtoMin", 200L)
                .containsEntry("RtoMax", 120000L).containsEntry("MaxConn", -1L).containsEntry("ActiveOpens", 44L)
                .containsEntry("PassiveOpens", 2L).containsEntry("AttemptFails", 10L).containsEntry("CurrEstab", 2L)
                .containsEntry("InSegs", 5436L).containsEntry("OutSegs", 4601L).containsEntry("RetransSegs", 7L)
                .containsEntry("OutRsts", 54L).containsEntry("EmbryonicRsts", 1L).containsEntry("TW", 11L)
                .containsEntry("DelayedACKs", 4L).containsEntry("DelayedACKLost", 2L)
                .containsEntry("TCPHPHits", 60L).containsEntry("TCPPureAcks", 22L).containsEntry("TCPHPAcks", 39L)
                .containsEntry("TCPTimeouts", 3L).containsEntry("TCPSynRetrans", 2L)
                .containsEntry("TCPOrigDataSent", 2973L).containsEntry("TCPFastRetrans", 0L);
    }

    @Test
    void filesMissingForAPidAreAbsent() {
        // the capture has no socket tables for pid 133
        assertThat(reader.tcp(133)).isEmpty();
        assertThat(reader.udp6(133)).isEmpty();
        assertThat(reader.tcpAdvanced(133)).isEmpty();
        assertThat(reader.interfaces(4242)).isEmpty();
        assertThat(reader.maxOpenFiles(4242)).isEmpty();
        assertThat(reader.schedstat(4242)).isEmpty();
        assertThat(reader.interfaces(0)).isEmpty();
        assertThat(reader.interfaces(-1)).isEmpty();
    }

    @Test
    void maxOpenFilesOfTheMainPid() {
        assertThat(reader.maxOpenFiles(1)).contains(new UlimitSpec("max_open_files", 1024, 4096));
    }

    @Test
    void fdCountsSumOverPidsAndSkipUnreadableDirs() {
        assertThat(reader.fdCounts(List.of(1, 133, 134, 135))).isEqualTo(new FdCounts(14, 0));
        assertThat(reader.fdCounts(List.of(133, 4242))).isEqualTo(new FdCounts(3, 0));
        assertThat(reader.fdCounts(List.of())).isEqualTo(FdCounts.ZERO);
    }

    @Test
    void aLiveProcessWhoseFdDirectoryCannotBeListedIsCountedAsUnreadable(@TempDir Path tmp) throws IOException {
        // What root without CAP_DAC_READ_SEARCH meets for another user's process (root itself cannot
        // be refused in a test): the process's stat is there, its fd directory cannot be opened.
        Path root = ProcFixture.copyTo(tmp);
        Path fd = root.resolve("proc/135/fd");
        try (var files = Files.list(fd)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(fd);
        PidStatsReader copy = new PidStatsReader(new HostFs(root));
        assertThat(copy.fdCounts(List.of(133, 135))).isEqualTo(new FdCounts(3, 0, 1));
        // A process with every fd closed, or one that exited, is not unreadable.
        Files.createDirectory(fd);
        assertThat(copy.fdCounts(List.of(133, 135, 4242))).isEqualTo(new FdCounts(3, 0, 0));
    }

    @Test
    void socketsAreFdsLinkingToSocket(@TempDir Path tmp) throws IOException {
        Path root = ProcFixture.copyTo(tmp);
        Path fd = root.resolve("proc/133/fd");
        Files.createSymbolicLink(fd.resolve("3"), Path.of("socket:[20115]"));
        Files.createSymbolicLink(fd.resolve("4"), Path.of("socket:[20116]"));
        Files.createSymbolicLink(fd.resolve("5"), Path.of("pipe:[20117]"));
        Files.createSymbolicLink(fd.resolve("6"), Path.of("/var/log/socket.log"));
        PidStatsReader copy = new PidStatsReader(new HostFs(root));
        assertThat(copy.fdCounts(List.of(133, 134))).isEqualTo(new FdCounts(10, 2));
    }

    @Test
    void schedstatAccumulatesTheContainersPids() {
        SchedstatAccumulator demo = reader.newSchedstatAccumulator();
        assertThat(demo.sample(List.of(133, 134)))
                .isEqualTo(new CpuSchedstat(48_700_000_000L + 350_000_000L, 1_200_000 + 2_000_000, 118 + 61));
    }

    @Test
    void schedstatKeepsAPidThatExits(@TempDir Path tmp) throws IOException {
        Path root = ProcFixture.copyTo(tmp);
        PidStatsReader copy = new PidStatsReader(new HostFs(root));
        SchedstatAccumulator demo = copy.newSchedstatAccumulator();
        CpuSchedstat before = demo.sample(List.of(133, 134));
        Files.delete(root.resolve("proc/134/schedstat"));
        Files.writeString(root.resolve("proc/133/schedstat"), "48800000000 1300000 119\n");
        CpuSchedstat after = demo.sample(List.of(133, 134));
        assertThat(after).isEqualTo(new CpuSchedstat(48_800_000_000L + 350_000_000L, 1_300_000 + 2_000_000,
                119 + 61));
        assertThat(after.runTime()).isGreaterThan(before.runTime());
    }

    @Test
    void garbageFilesAreAbsentNotExceptions(@TempDir Path tmp) throws IOException {
        Path root = ProcFixture.copyTo(tmp);
        Path net = root.resolve("proc/1/net");
        Files.writeString(net.resolve("dev"), "h1\nh2\n  eth0: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15\n");
        Files.writeString(net.resolve("tcp"), "header\n   0: 0100007F:1F90 00000000:0000 0C 0:0 0:0 0 0 0 1\n");
        Files.writeString(net.resolve("udp"), "header\n 1: a b 07 zz:00 0:0 0 0 0 1 2 p 0\n");
        Files.writeString(net.resolve("snmp"), "Tcp: RtoMin\n");
        Files.writeString(root.resolve("proc/1/limits"), "");
        Files.writeString(root.resolve("proc/133/schedstat"), "not numbers at all");
        PidStatsReader copy = new PidStatsReader(new HostFs(root));
        assertThat(copy.interfaces(1)).isEmpty();
        assertThat(copy.tcp(1)).isEmpty();
        assertThat(copy.tcp6(1)).isPresent();
        assertThat(copy.udp(1)).isEmpty();
        assertThat(copy.tcpAdvanced(1)).isEmpty();
        assertThat(copy.maxOpenFiles(1)).isEmpty();
        assertThat(copy.schedstat(133)).isEmpty();
    }
}
