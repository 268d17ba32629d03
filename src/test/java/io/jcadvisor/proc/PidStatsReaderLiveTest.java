package io.jcadvisor.proc;

import io.jcadvisor.host.HostFs;
import io.jcadvisor.info.v1.CpuSchedstat;
import io.jcadvisor.info.v1.InterfaceStats;
import io.jcadvisor.info.v1.TcpStat;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link PidStatsReader} against this host's real {@code /proc}. */
class PidStatsReaderLiveTest {

    private static final int SELF = (int) ProcessHandle.current().pid();

    private final PidStatsReader reader = new PidStatsReader(new HostFs(Path.of("/")));

    @Test
    void listeningSocketShowsInOurOwnTcpTableAndFds() throws IOException {
        long listenBefore = listening();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThat(server.getLocalPort()).isPositive();
            assertThat(listening()).isGreaterThanOrEqualTo(listenBefore + 1);
            FdCounts fds = reader.fdCounts(List.of(SELF));
            assertThat(fds.sockets()).isPositive();
            assertThat(fds.fds()).isGreaterThan(fds.sockets());
        }
        assertThat(reader.tcp6(SELF)).isPresent();
        assertThat(reader.udp(SELF)).isPresent();
        assertThat(reader.udp6(SELF)).isPresent();
    }

    /**
     * Listening sockets of our network namespace. The JVM opens dual-stack IPv6 sockets unless
     * {@code java.net.preferIPv4Stack} is set, so a socket bound to 127.0.0.1 shows in {@code tcp6}
     * as {@code ::ffff:127.0.0.1}; count both tables.
     */
    private long listening() {
        return reader.tcp(SELF).map(TcpStat::listen).orElseThrow() + reader.tcp6(SELF).map(TcpStat::listen).orElseThrow();
    }

    @Test
    void interfacesMatchTheKernelFile() throws IOException {
        List<String> raw = Files.readAllLines(Path.of("/proc/" + SELF + "/net/dev"));
        List<String> expected = raw.stream().skip(2)
                .map(line -> line.substring(0, line.indexOf(':')).strip())
                .filter(name -> !NetDevParser.ignored(name))
                .toList();
        List<InterfaceStats> interfaces = reader.interfaces(SELF).orElseThrow();
        assertThat(interfaces).extracting(InterfaceStats::name).containsExactlyElementsOf(expected);
        assertThat(interfaces).allSatisfy(i -> assertThat(i.name()).doesNotStartWith("lo"));
    }

    @Test
    void advancedTcpAndLimitsOfOurOwnProcess() {
        assertThat(reader.tcpAdvanced(SELF).orElseThrow()).hasSize(99)
                .containsEntry("RtoAlgorithm", 1L).containsEntry("MaxConn", -1L);
        assertThat(reader.maxOpenFiles(SELF).orElseThrow().name()).isEqualTo("max_open_files");
    }

    @Test
    void schedstatOfACpuBurnerGrows() throws Exception {
        Process burner = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
        try {
            int pid = (int) burner.pid();
            SchedstatAccumulator accumulator = reader.newSchedstatAccumulator();
            CpuSchedstat first = accumulator.sample(List.of(pid));
            CpuSchedstat later = first;
            for (int i = 0; i < 40 && later.runTime() <= first.runTime(); i++) {
                Thread.sleep(50);
                later = accumulator.sample(List.of(pid));
            }
            assertThat(later.runTime()).isGreaterThan(first.runTime());
            assertThat(later.runPeriods()).isGreaterThanOrEqualTo(first.runPeriods());

            burner.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            CpuSchedstat afterExit = accumulator.sample(List.of(pid));
            // the reaped burner's file is gone: its last seen values stay in the sum
            assertThat(afterExit).isEqualTo(later);
        } finally {
            burner.destroyForcibly();
        }
    }

    @Test
    void exitedProcessIsAbsentNotAnError() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor(5, TimeUnit.SECONDS);
        int pid = (int) gone.pid();
        assertThat(reader.interfaces(pid)).isEmpty();
        assertThat(reader.tcp(pid)).isEmpty();
        assertThat(reader.tcp6(pid)).isEmpty();
        assertThat(reader.udp(pid)).isEmpty();
        assertThat(reader.udp6(pid)).isEmpty();
        assertThat(reader.tcpAdvanced(pid)).isEmpty();
        assertThat(reader.maxOpenFiles(pid)).isEmpty();
        assertThat(reader.schedstat(pid)).isEmpty();
        assertThat(reader.fdCounts(List.of(pid))).isEqualTo(FdCounts.ZERO);
        assertThat(reader.newSchedstatAccumulator().sample(List.of(pid))).isEqualTo(CpuSchedstat.ZERO);
    }
}
