package io.jcadvisor.cgroup;

import io.jcadvisor.config.EnabledMetrics;
import io.jcadvisor.config.MetricKind;
import io.jcadvisor.fs.MountInfo;
import io.jcadvisor.fs.MountInfoParser;
import io.jcadvisor.host.HostFacts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The host's cgroup layout, detected once from mountinfo under the host root
 * ({@code /proc/1/mountinfo}, else {@code /proc/self/mountinfo}).
 *
 * <ul>
 *   <li>v2 iff the mount at {@code /sys/fs/cgroup} is {@code cgroup2}; every container then lives
 *       under that one tree.</li>
 *   <li>Otherwise v1 controllers are taken from the super options of the {@code cgroup} mounts, the
 *       first mount winning per subsystem, and only the subsystems of enabled metric groups are
 *       tracked (docs/data-sources.md §1.1; {@code devices} always), except the two the spec reads:
 *       {@code cpuset} (the cpu mask) and {@code pids} (the process limit). A {@code cgroup2} mount elsewhere
 *       ({@code /sys/fs/cgroup/unified}) makes the host {@link CgroupMode#HYBRID} and is ignored.</li>
 * </ul>
 * Co-mounted controllers ({@code cpu,cpuacct}) share one mount point.
 */
@ApplicationScoped
public class CgroupLayout implements CgroupMounts {

    private static final Logger LOG = Logger.getLogger(CgroupLayout.class);

    /** Where the unified hierarchy must be mounted for the host to count as v2. */
    public static final String CGROUP_ROOT = "/sys/fs/cgroup";

    /**
     * v1 subsystems we read, each with the metric group that switches it on (null: always).
     * <p>
     * {@code cpuset} and {@code pids} are always tracked because the spec describes the container
     * whatever is collected: {@code spec.cpu.mask} comes from {@code cpuset.cpus} and
     * {@code spec.has_processes}/{@code processes.limit} from {@code pids.max}, as cAdvisor v0.36
     * shows them with its default groups (it always wired both; head drops them with their groups on
     * v1, while on v2 its spec never depends on a group). Their stats ({@code cpuset.memory_migrate},
     * thread counts) are still read only when the {@code cpuset} / {@code process} group is on.
     * {@code blkio} stays tied to {@code diskIO} ({@code has_diskio}) and {@code hugetlb} to
     * {@code hugetlb} ({@code has_hugetlb}), as both upstream versions do.
     */
    private static final Map<String, MetricKind> TRACKED = new LinkedHashMap<>();

    static {
        TRACKED.put("cpu", MetricKind.CPU);
        TRACKED.put("cpuacct", MetricKind.CPU);
        TRACKED.put("memory", MetricKind.MEMORY);
        TRACKED.put("blkio", MetricKind.DISK_IO);
        TRACKED.put("io", MetricKind.DISK_IO);
        TRACKED.put("pids", null);
        TRACKED.put("hugetlb", MetricKind.HUGETLB);
        TRACKED.put("cpuset", null);
        TRACKED.put("perf_event", MetricKind.PERF_EVENT);
        TRACKED.put("devices", null);
    }

    private final CgroupMode mode;
    /** v1: tracked subsystem to mount point; v2: empty. */
    private final Map<String, String> subsystems;
    private final boolean cpusetNoprefix;
    private final List<String> roots;

    @Inject
    public CgroupLayout(HostFacts facts, EnabledMetrics metrics) {
        this(MountInfoParser.parse(facts.mountInfo()), metrics);
        LOG.infof("cgroup layout: %s, hierarchies %s", mode, roots);
    }

    /** Detects the layout from parsed mountinfo lines (pure; for tests and the bean). */
    public CgroupLayout(List<MountInfo> mounts, EnabledMetrics metrics) {
        MountInfo atRoot = null;
        boolean anyV2 = false;
        Map<String, String> found = new LinkedHashMap<>();
        boolean noprefix = false;
        for (MountInfo m : mounts) {
            if (m.mountPoint().equals(CGROUP_ROOT)) {
                // A later mount on the same point hides the earlier one.
                atRoot = m;
            }
            if (m.fsType().equals("cgroup2")) {
                anyV2 = true;
            }
            if (!m.fsType().equals("cgroup")) {
                continue;
            }
            for (String option : m.superOptions().split(",")) {
                if (!TRACKED.containsKey(option) || found.containsKey(option)) {
                    continue;
                }
                MetricKind gate = TRACKED.get(option);
                if (gate == null || metrics.has(gate)) {
                    found.put(option, m.mountPoint());
                    if (option.equals("cpuset")) {
                        noprefix = (',' + m.superOptions() + ',').contains(",noprefix,");
                    }
                }
            }
        }
        if (atRoot != null && atRoot.fsType().equals("cgroup2")) {
            this.mode = CgroupMode.V2;
            this.subsystems = Map.of();
            this.cpusetNoprefix = false;
            this.roots = List.of(CGROUP_ROOT);
        } else {
            this.mode = anyV2 ? CgroupMode.HYBRID : CgroupMode.V1;
            this.subsystems = Collections.unmodifiableMap(found);
            this.cpusetNoprefix = noprefix;
            List<String> distinct = new ArrayList<>();
            for (String point : found.values()) {
                if (!distinct.contains(point)) {
                    distinct.add(point);
                }
            }
            this.roots = List.copyOf(distinct);
        }
    }

    @Override
    public CgroupMode mode() {
        return mode;
    }

    /** True on a pure v2 host: one unified tree. */
    public boolean unified() {
        return mode == CgroupMode.V2;
    }

    @Override
    public List<String> hierarchyRoots() {
        return roots;
    }

    /**
     * Host mount point of a tracked v1 subsystem ({@code memory} → {@code /sys/fs/cgroup/memory});
     * empty when it is not mounted, not tracked, or the host is v2.
     */
    public Optional<String> mountPoint(String subsystem) {
        return Optional.ofNullable(subsystems.get(subsystem));
    }

    /** The tracked v1 subsystems and their mount points. */
    public Map<String, String> subsystems() {
        return subsystems;
    }

    /** cpuset mounted with {@code noprefix}: files are named without the {@code cpuset.} prefix. */
    public boolean cpusetNoprefix() {
        return cpusetNoprefix;
    }
}
