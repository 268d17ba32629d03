package io.jcadvisor.proc;

import io.jcadvisor.host.HostFs;
import io.jcadvisor.info.v1.CpuSchedstat;
import io.jcadvisor.info.v1.InterfaceStats;
import io.jcadvisor.info.v1.NetworkStats;
import io.jcadvisor.info.v1.TcpStat;
import io.jcadvisor.info.v1.UdpStat;
import io.jcadvisor.info.v1.UlimitSpec;
import org.jboss.logging.Logger;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-process statistics read through {@link HostFs} from {@code /proc/<pid>/…}: the network files of
 * a container's main process (which see the container's network namespace), its open-files limit, and
 * fd, socket and scheduler counts of the container's processes.
 *
 * <p>Every method tolerates a process that exits while it is read: the value is then absent (or the
 * process is left out of a sum), never an exception.
 */
public final class PidStatsReader {

    private static final Logger LOG = Logger.getLogger(PidStatsReader.class);

    private final HostFs hostFs;
    private final AtomicBoolean unreadableFdsLogged = new AtomicBoolean();
    private final AtomicLong unreadableFdsMax = new AtomicLong();

    public PidStatsReader(HostFs hostFs) {
        this.hostFs = hostFs;
    }

    /**
     * Interface counters from {@code /proc/<pid>/net/dev}, without loopback, veth, docker and nerdctl
     * interfaces; empty when the file is missing or malformed.
     */
    public Optional<List<InterfaceStats>> interfaces(int pid) {
        return text(pid, "net/dev").flatMap(NetDevParser::parse);
    }

    /** IPv4 TCP sockets by state from {@code /proc/<pid>/net/tcp}; empty when missing or malformed. */
    public Optional<TcpStat> tcp(int pid) {
        return file(pid, "net/tcp").flatMap(TcpStateParser::parse);
    }

    /** IPv6 TCP sockets by state from {@code /proc/<pid>/net/tcp6}; empty when missing or malformed. */
    public Optional<TcpStat> tcp6(int pid) {
        return file(pid, "net/tcp6").flatMap(TcpStateParser::parse);
    }

    /** IPv4 UDP summary from {@code /proc/<pid>/net/udp} (see {@link UdpParser} for the queue swap). */
    public Optional<UdpStat> udp(int pid) {
        return file(pid, "net/udp").flatMap(UdpParser::parse);
    }

    /** IPv6 UDP summary from {@code /proc/<pid>/net/udp6}. */
    public Optional<UdpStat> udp6(int pid) {
        return file(pid, "net/udp6").flatMap(UdpParser::parse);
    }

    /**
     * The 99 advanced TCP counters in upstream order from {@code /proc/<pid>/net/netstat} and
     * {@code net/snmp}; empty when either file is missing or malformed.
     */
    public Optional<Map<String, Long>> tcpAdvanced(int pid) {
        Optional<List<String>> netstat = file(pid, "net/netstat");
        Optional<List<String>> snmp = file(pid, "net/snmp");
        if (netstat.isEmpty() || snmp.isEmpty()) {
            return Optional.empty();
        }
        return AdvancedTcpParser.parse(netstat.get(), snmp.get());
    }

    /**
     * The {@code network} section of a container whose main process is {@code pid}, shaped as upstream
     * shows it: the first interface inlined, and the socket tables of the groups that are off, or whose
     * files cannot be read, at zero (upstream logs such a failure and keeps the zero values).
     *
     * @param withInterfaces read {@code net/dev} (group {@code network}); otherwise no interfaces
     * @param withTcp read {@code net/tcp} and {@code net/tcp6} (group {@code tcp})
     * @param withUdp read {@code net/udp} and {@code net/udp6} (group {@code udp})
     * @param withAdvancedTcp read {@code net/netstat} and {@code net/snmp} (group {@code advtcp})
     */
    public NetworkStats networkStats(int pid, boolean withInterfaces, boolean withTcp, boolean withUdp,
            boolean withAdvancedTcp) {
        List<InterfaceStats> interfaces = withInterfaces ? interfaces(pid).orElse(List.of()) : List.of();
        TcpStat tcp = withTcp ? tcp(pid).orElse(TcpStat.ZERO) : TcpStat.ZERO;
        TcpStat tcp6 = withTcp ? tcp6(pid).orElse(TcpStat.ZERO) : TcpStat.ZERO;
        UdpStat udp = withUdp ? udp(pid).orElse(UdpStat.ZERO) : UdpStat.ZERO;
        UdpStat udp6 = withUdp ? udp6(pid).orElse(UdpStat.ZERO) : UdpStat.ZERO;
        Map<String, Long> advanced = withAdvancedTcp
                ? tcpAdvanced(pid).orElseGet(AdvancedTcpParser::zero)
                : AdvancedTcpParser.zero();
        return NetworkStats.of(interfaces, tcp, tcp6, udp, udp6, advanced);
    }

    /** The {@code Max open files} limit of {@code /proc/<pid>/limits} (-1 = unlimited). */
    public Optional<UlimitSpec> maxOpenFiles(int pid) {
        return file(pid, "limits").flatMap(LimitsParser::maxOpenFiles);
    }

    /**
     * Open fds and sockets summed over the processes: entries of {@code /proc/<pid>/fd}, and those whose
     * link target starts with {@code socket}. A process whose fd directory cannot be listed adds
     * nothing: one that exited silently, one that lives on is counted as {@code unreadable} and logged
     * once per agent (without {@code CAP_DAC_READ_SEARCH}, root cannot list another user's
     * {@code fd} directory, mode 0500). An fd closed between listing and reading its link counts as an
     * fd but not a socket.
     */
    public FdCounts fdCounts(Collection<Integer> pids) {
        long fds = 0;
        long sockets = 0;
        long unreadable = 0;
        for (int pid : pids) {
            String dir = "/proc/" + pid + "/fd";
            List<String> entries = hostFs.list(dir);
            // An empty listing is rare (a process with every fd closed): only then ask why.
            if (entries.isEmpty() && hostFs.countEntries(dir) < 0 && hostFs.exists("/proc/" + pid + "/stat")) {
                unreadable++;
                continue;
            }
            for (String fd : entries) {
                fds++;
                if (hostFs.readLink(dir + "/" + fd).filter(target -> target.startsWith("socket")).isPresent()) {
                    sockets++;
                }
            }
        }
        unreadableFdsMax.accumulateAndGet(unreadable, Math::max);
        if (unreadable > 0 && unreadableFdsLogged.compareAndSet(false, true)) {
            LOG.warnf("Cannot list /proc/<pid>/fd of %d live processes (another user's, readable with"
                    + " CAP_DAC_READ_SEARCH): fd and socket counts leave such processes out", unreadable);
        }
        return new FdCounts(fds, sockets, unreadable);
    }

    /** The most live processes of one container whose fd directory could not be listed, since start. */
    public long unreadableFdDirsSeen() {
        return unreadableFdsMax.get();
    }

    /**
     * Memory the processes touched since their referenced bits were last cleared, in bytes: the sum of
     * {@code Referenced:} over each pid's {@code /proc/<pid>/smaps} (group {@code referenced_memory},
     * intrusive: the kernel walks every mapping). Pids that are gone or unreadable add nothing.
     */
    public long referencedBytes(Collection<Integer> pids) {
        long bytes = 0;
        for (int pid : pids) {
            bytes += text(pid, "smaps").map(SmapsParser::referencedBytes).orElse(0L);
        }
        return bytes;
    }

    /**
     * The cumulative scheduler counters of {@code /proc/<pid>/schedstat} (the thread-group leader's
     * own task, as upstream reads it); empty when the process is gone or the file is malformed.
     */
    public Optional<CpuSchedstat> schedstat(int pid) {
        return text(pid, "schedstat").flatMap(SchedstatParser::parse);
    }

    /** A new accumulator of scheduler counters for one container. */
    public SchedstatAccumulator newSchedstatAccumulator() {
        return new SchedstatAccumulator(this::schedstat);
    }

    private Optional<List<String>> file(int pid, String name) {
        return text(pid, name).map(HostFs::lines);
    }

    private Optional<String> text(int pid, String name) {
        if (pid <= 0) {
            return Optional.empty();
        }
        return hostFs.readString("/proc/" + pid + "/" + name);
    }
}
