package io.jcadvisor.resctrl;

import io.jcadvisor.host.HostFs;
import io.jcadvisor.info.v1.ResctrlStats;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads and writes the resctrl filesystem through {@link HostFs} (host path {@code /sys/fs/resctrl},
 * layout of the kernel's {@code Documentation/filesystems/resctrl.rst}):
 * <pre>
 * /sys/fs/resctrl/                     root CTRL_MON group (RMID 0): tasks, mon_data/, mon_groups/
 *   info/L3_MON/{mon_features,num_rmids}
 *   mon_data/mon_L3_&lt;NN&gt;/{mbm_total_bytes,mbm_local_bytes,llc_occupancy}
 *   mon_groups/&lt;name&gt;/{tasks,mon_data/…}  MON groups of the root group
 *   &lt;ctrl&gt;/{tasks,mon_data/,mon_groups/}  other CTRL_MON groups (made by allocation tools)
 * </pre>
 * Group arguments are host directories such as {@code /sys/fs/resctrl/mon_groups/cadvisor-demo}.
 */
public final class ResctrlReader {

    /** Where the kernel's resctrl filesystem is mounted. */
    public static final String ROOT = "/sys/fs/resctrl";

    /** Entries of a CTRL_MON group directory that are not child control groups. */
    private static final Set<String> NOT_GROUPS = Set.of("info", "mon_data", "mon_groups");

    private final HostFs fs;

    public ResctrlReader(HostFs fs) {
        this.fs = fs;
    }

    /**
     * The monitoring events, or empty when the host has no resctrl with monitoring: the file only
     * exists while resctrl is mounted on a CPU with RDT monitoring (an unmounted mount point is an
     * empty directory).
     */
    public Optional<MonFeatures> features() {
        return fs.readString(ROOT + "/info/L3_MON/mon_features").map(HostFs::lines).map(ResctrlParser::features)
                .filter(MonFeatures::any);
    }

    /** {@code info/L3_MON/num_rmids}, or empty when unreadable. */
    public OptionalInt numRmids() {
        return ResctrlParser.numRmids(fs.readString(ROOT + "/info/L3_MON/num_rmids").orElse(null));
    }

    /**
     * The counters of one group ({@link #ROOT} for the root group), one entry per {@code mon_L3_<NN>}
     * in NN order. A missing or unreadable value is 0 (omitted in JSON); a group without
     * {@code mon_data} gives {@link ResctrlStats#EMPTY}.
     */
    public ResctrlStats stats(String groupDir, MonFeatures features) {
        String monData = groupDir + "/mon_data";
        Map<Integer, String> domains = new TreeMap<>();
        for (String entry : fs.listDirectories(monData)) {
            OptionalInt n = ResctrlParser.domain(entry);
            if (n.isPresent()) {
                domains.put(n.getAsInt(), monData + "/" + entry);
            }
        }
        if (domains.isEmpty()) {
            return ResctrlStats.EMPTY;
        }
        List<ResctrlStats.MemoryBandwidthStats> bandwidth = new ArrayList<>(domains.size());
        List<ResctrlStats.CacheStats> cache = new ArrayList<>(domains.size());
        for (String dir : domains.values()) {
            if (features.mbm()) {
                bandwidth.add(new ResctrlStats.MemoryBandwidthStats(
                        features.mbmTotal() ? counter(dir + "/mbm_total_bytes") : 0,
                        features.mbmLocal() ? counter(dir + "/mbm_local_bytes") : 0));
            }
            if (features.llcOccupancy()) {
                cache.add(new ResctrlStats.CacheStats(counter(dir + "/llc_occupancy")));
            }
        }
        return new ResctrlStats(List.copyOf(bandwidth), List.copyOf(cache));
    }

    private long counter(String file) {
        OptionalLong v = ResctrlParser.counter(fs.readString(file).orElse(null));
        return v.orElse(0);
    }

    /** The CTRL_MON groups: the root first, then every child control group, as host directories. */
    public List<String> controlGroups() {
        List<String> groups = new ArrayList<>();
        groups.add(ROOT);
        for (String entry : fs.listDirectories(ROOT)) {
            if (!NOT_GROUPS.contains(entry)) {
                groups.add(ROOT + "/" + entry);
            }
        }
        return groups;
    }

    /** Names of the MON groups of a control group. */
    public List<String> monGroups(String controlGroup) {
        return fs.listDirectories(controlGroup + "/mon_groups");
    }

    /** Task ids in a group's {@code tasks} file (empty when missing). */
    public Set<Integer> tasks(String groupDir) {
        return ResctrlParser.tasks(fs.readLines(groupDir + "/tasks"));
    }

    /**
     * The threads of a process ({@code /proc/<pid>/task}); the kernel moves one thread per write.
     * Just the pid when the directory cannot be listed (the write then says whether it still runs).
     */
    public List<Integer> threads(int pid) {
        List<String> entries = fs.list("/proc/" + pid + "/task");
        if (entries.isEmpty()) {
            return List.of(pid);
        }
        List<Integer> ids = new ArrayList<>(entries.size());
        for (String e : entries) {
            try {
                ids.add(Integer.parseInt(e));
            } catch (NumberFormatException ignored) {
                // not a thread entry
            }
        }
        return ids;
    }

    /**
     * {@code mkdir} of a MON group; the kernel gives it an RMID, {@code tasks} and {@code mon_data}.
     *
     * @return false when the group exists already (left by an earlier run)
     */
    public boolean createGroup(String groupDir) throws IOException {
        return fs.createDirectory(groupDir);
    }

    /** {@code rmdir} of a MON group; its tasks go back to the parent control group. */
    public boolean removeGroup(String groupDir) throws IOException {
        return fs.removeDirectory(groupDir);
    }

    /** Moves one task into a group: one id per write, as the kernel takes them. */
    public void addTask(String groupDir, int taskId) throws IOException {
        fs.appendLine(groupDir + "/tasks", Integer.toString(taskId));
    }
}
