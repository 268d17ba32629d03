package io.jcadvisor.cgroup;

import io.jcadvisor.config.EnabledMetrics;
import io.jcadvisor.config.MetricKind;
import io.jcadvisor.host.HostFacts;
import io.jcadvisor.host.HostFs;
import io.jcadvisor.machine.MemInfo;
import io.jcadvisor.machine.MemInfoParser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Opens the cgroup readers of a container: {@link V1CgroupContainer} on v1 and hybrid hosts,
 * {@link V2CgroupContainer} on v2. Also holds what every reader shares: the layout, enabled metric
 * groups, clock, the {@link DeviceNamer} of the per-device I/O lists, and machine facts read once
 * (hugepage sizes, CPU count).
 */
@ApplicationScoped
public class CgroupReaders implements CgroupContainers {

    private static final String[] MEMINFO_KEYS = {"MemTotal", "SwapTotal", "SwapFree"};

    final HostFs hostFs;
    final HostFacts facts;
    final CgroupLayout layout;
    final EnabledMetrics metrics;
    final Clock clock;
    final DeviceNamer deviceNamer;

    private volatile List<String> hugepageSizes;

    /**
     * @param facts       the host's hugepage sizes, CPU count, meminfo and uptime
     * @param deviceNamer names the {@code major:minor} of blkio / io.stat lines (every runtime's
     *                    containers share the machine's namer, as upstream's handlers do)
     */
    @Inject
    public CgroupReaders(HostFs hostFs, HostFacts facts, CgroupLayout layout, EnabledMetrics metrics, Clock clock,
            DeviceNamer deviceNamer) {
        this.hostFs = hostFs;
        this.facts = facts;
        this.layout = layout;
        this.metrics = metrics;
        this.clock = clock;
        this.deviceNamer = deviceNamer;
    }

    @Override
    public CgroupContainer open(String name) {
        if (name.isEmpty() || name.charAt(0) != '/') {
            throw new IllegalArgumentException("container name must start with /: " + name);
        }
        return layout.unified() ? new V2CgroupContainer(this, name) : new V1CgroupContainer(this, name);
    }

    boolean enabled(MetricKind kind) {
        return metrics.has(kind);
    }

    /**
     * Hugepage sizes as upstream names them ({@code 2MB}, {@code 1GB}, {@code 64KB}), from the host's
     * sizes ({@link HostFacts#hugepageSizesKb()}, read once).
     */
    List<String> hugepageSizes() {
        List<String> sizes = hugepageSizes;
        if (sizes == null) {
            sizes = facts.hugepageSizesKb().stream().map(CgroupReaders::pageSizeName).toList();
            hugepageSizes = sizes;
        }
        return sizes;
    }

    /** {@code 2048} kB → {@code 2MB}: GB from 2^20 kB, MB from 2^10 kB, else KB. */
    static String pageSizeName(long kb) {
        if (kb >= 1 << 20) {
            return (kb >> 20) + "GB";
        }
        if (kb >= 1 << 10) {
            return (kb >> 10) + "MB";
        }
        return kb + "KB";
    }

    /** Logical CPUs ({@code processor} lines of {@code /proc/cpuinfo}, read once), for an empty cpuset mask. */
    int numCores() {
        return facts.logicalCpus();
    }

    /** The mask upstream shows when a cpuset file is empty: {@code 0-(NumCores-1)}. */
    String defaultMask() {
        int n = numCores();
        return n <= 0 ? "" : n == 1 ? "0" : "0-" + (n - 1);
    }

    /** {@code /proc/meminfo} MemTotal, SwapTotal, SwapFree in bytes (absent: -1). */
    long[] machineMemory() {
        MemInfo memInfo = MemInfoParser.parse(facts.memInfoLines());
        long[] values = new long[MEMINFO_KEYS.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = memInfo.bytes(MEMINFO_KEYS[i]).orElse(-1);
        }
        return values;
    }

    /**
     * Boot time as upstream floors creation times: now minus {@code /proc/uptime}, truncated to the
     * minute; null when uptime is unreadable.
     */
    Instant bootTime() {
        OptionalDouble uptime = facts.uptimeSeconds();
        if (uptime.isEmpty()) {
            return null;
        }
        double seconds = uptime.getAsDouble();
        return clock.instant().minus(Duration.ofNanos((long) (seconds * 1e9))).truncatedTo(ChronoUnit.MINUTES);
    }

    /**
     * Creation time of a cgroup: the earliest modification time over its directories and marker
     * files, never earlier than boot time.
     *
     * @param paths host paths of the cgroup directories and their {@code cgroup.clone_children} /
     *              {@code cgroup.events}
     * @return the time, or null when none of the paths exists
     */
    Instant creationTime(List<String> paths) {
        Instant earliest = null;
        for (String path : paths) {
            Instant t = hostFs.lastModified(path).orElse(null);
            if (t != null && (earliest == null || t.isBefore(earliest))) {
                earliest = t;
            }
        }
        if (earliest == null) {
            return null;
        }
        Instant boot = bootTime();
        return boot != null && earliest.isBefore(boot) ? boot : earliest;
    }
}
