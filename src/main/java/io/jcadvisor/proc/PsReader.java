package io.jcadvisor.proc;

import io.jcadvisor.host.HostFacts;
import io.jcadvisor.host.HostFs;
import io.jcadvisor.info.v2.ProcessInfo;
import io.jcadvisor.machine.MemInfoParser;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The {@code ps} endpoint without running {@code ps}: builds upstream's process list
 * ({@code ps -e -o user,pid,ppid,stime,pcpu,pmem,rss,vsz,stat,time,comm,psr,cgroup}) from
 * {@code /proc/<pid>/{stat,status,fd,cgroup}}, {@code /proc/stat}, {@code /proc/uptime},
 * {@code /proc/meminfo} and {@code /etc/passwd}, all under the host root. Values are formatted as ps
 * prints them (see {@link PsFormat}); rss and virtual size are bytes (ps KiB × 1024, as upstream).
 *
 * <p>Where each column comes from: {@code user} the effective uid of {@code status} named through
 * {@code /etc/passwd}; {@code start_time} boot time ({@code btime}) plus {@code stat} field 22, in the
 * clock's time zone (ps uses local time); {@code percent_cpu} CPU ticks over the seconds since the
 * process started (measured with {@code /proc/uptime}, as ps does); {@code percent_mem} {@code VmRSS}
 * over {@code MemTotal}; {@code status} the state letter plus the flags {@link PsFormat#status} derives;
 * {@code running_time} user plus system ticks; {@code cmd} the kernel's command name ({@code comm});
 * {@code psr} field 39 of {@code stat}.
 *
 * <p>A process that exits while it is read is left out. So is one whose {@code fd} directory cannot be
 * listed, as upstream drops it. A zombie stays in, as ps lists it (no memory, no fds).
 */
public final class PsReader {

    /** USER_HZ: the unit of the tick counts in {@code /proc/<pid>/stat}; 100 on every Linux ABI. */
    static final int USER_HZ = 100;

    private final HostFs hostFs;
    private final HostFacts facts;
    private final Clock clock;

    /** @param facts the host's boot time, uptime and memory total */
    public PsReader(HostFs hostFs, HostFacts facts, Clock clock) {
        this.hostFs = hostFs;
        this.facts = facts;
        this.clock = clock;
    }

    /** With the facts of the host under {@code hostFs} read anew: for a test on a fixture tree. */
    public PsReader(HostFs hostFs, Clock clock) {
        this(hostFs, new HostFacts(hostFs), clock);
    }

    /**
     * The processes with these pids (a container's own {@code cgroup.procs}), in the given order;
     * {@code cgroup_path} is {@code ""} as upstream leaves it for non-root containers.
     */
    public List<ProcessInfo> processes(Collection<Integer> pids) {
        return read(new LinkedHashSet<>(pids), false);
    }

    /**
     * Every process of the host, by pid, for the root container {@code /}: {@code cgroup_path} is the
     * process's {@code memory} cgroup (fallback {@code cpu}, or the v2 path).
     */
    public List<ProcessInfo> allProcesses() {
        return read(allPids(), true);
    }

    /** The numeric entries of {@code /proc}, ascending. */
    public List<Integer> allPids() {
        List<Integer> pids = new ArrayList<>();
        for (String name : hostFs.listDirectories("/proc")) {
            if (!name.isEmpty() && name.chars().allMatch(Character::isDigit) && name.length() < 10) {
                pids.add(Integer.parseInt(name));
            }
        }
        pids.sort(null);
        return pids;
    }

    private List<ProcessInfo> read(Collection<Integer> pids, boolean withCgroup) {
        Context context = context();
        List<ProcessInfo> processes = new ArrayList<>(pids.size());
        for (int pid : pids) {
            read(pid, withCgroup, context).ifPresent(processes::add);
        }
        return processes;
    }

    private Optional<ProcessInfo> read(int pid, boolean withCgroup, Context context) {
        if (pid <= 0) {
            return Optional.empty();
        }
        String dir = "/proc/" + pid;
        Optional<PidStat> parsed = hostFs.readString(dir + "/stat").flatMap(PidStatParser::parse);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        PidStat stat = parsed.get();
        List<String> statusLines = hostFs.readLines(dir + "/status");
        int fdCount = hostFs.countEntries(dir + "/fd");
        if (statusLines.isEmpty() || fdCount < 0) {
            return Optional.empty();
        }
        PidStatus status = PidStatusParser.parse(statusLines);
        String cgroupPath = "";
        if (withCgroup) {
            List<String> cgroup = hostFs.readLines(dir + "/cgroup");
            if (cgroup.isEmpty()) {
                return Optional.empty();
            }
            cgroupPath = ProcCgroupParser.containerName(cgroup).orElse("/");
        }

        long cpuTicks = stat.utime() + stat.stime();
        long startSeconds = stat.startTime() / USER_HZ;
        double elapsed = context.uptimeSeconds - (double) stat.startTime() / USER_HZ;
        // every kernel writes a Uid line; "?" only marks a status file too mangled to have one
        String user = status.effectiveUid().isPresent()
                ? PsFormat.user(status.effectiveUid().getAsLong(), context.userNames)
                : "?";
        return Optional.of(new ProcessInfo(
                user,
                stat.pid(),
                stat.ppid(),
                PsFormat.startTime(Instant.ofEpochSecond(context.bootTime + startSeconds), context.now,
                        clock.getZone()),
                PsFormat.percentCpu(cpuTicks * 1000 / USER_HZ, elapsed),
                PsFormat.percentMem(status.vmRssKib(), context.memTotalKib),
                status.vmRssKib() * 1024,
                status.vmSizeKib() * 1024,
                PsFormat.status(stat, status),
                PsFormat.cpuTime(cpuTicks / USER_HZ),
                cgroupPath,
                stat.comm(),
                fdCount,
                stat.processor()));
    }

    /** System-wide values read once per listing. */
    private Context context() {
        Instant now = clock.instant();
        OptionalLong btime = facts.bootTimeSeconds();
        OptionalDouble uptime = facts.uptimeSeconds();
        // Either one gives the other: boot time = now - uptime.
        double nowSeconds = now.getEpochSecond() + now.getNano() / 1e9;
        long bootTime = btime.orElse(uptime.isPresent() ? (long) (nowSeconds - uptime.getAsDouble()) : 0);
        double uptimeSeconds = uptime.orElse(nowSeconds - bootTime);
        long memTotal = MemInfoParser.parse(facts.memInfoLines())
                .value("MemTotal").orElse(0);
        Map<Long, String> names = PasswdParser.parse(hostFs.readLines("/etc/passwd"));
        return new Context(now, bootTime, uptimeSeconds, memTotal, names);
    }

    private record Context(Instant now, long bootTime, double uptimeSeconds, long memTotalKib,
            Map<Long, String> userNames) {
    }
}
