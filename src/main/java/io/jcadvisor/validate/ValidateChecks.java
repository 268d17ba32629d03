package io.jcadvisor.validate;

import io.jcadvisor.container.ValidateStatus;
import io.jcadvisor.container.ValidateResult;
import io.jcadvisor.cgroup.CgroupMode;
import io.jcadvisor.info.v1.DiskInfo;
import io.jcadvisor.manager.ContainerSnapshot;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The host checks of {@code /validate/} as pure functions over what was read; wording after upstream. */
public final class ValidateChecks {

    private static final Pattern KERNEL = Pattern.compile("^(\\d+)\\.(\\d+)");
    private static final List<String> V1_REQUIRED = List.of("cpu", "cpuacct");
    private static final List<String> V1_RECOMMENDED = List.of("memory", "blkio", "cpuset", "devices", "freezer");
    private static final List<String> V2_REQUIRED = List.of("cpu");
    private static final List<String> V2_RECOMMENDED = List.of("memory", "io", "cpuset", "pids");

    private ValidateChecks() {
    }

    /** Kernel release ({@code /proc/sys/kernel/osrelease}): 3.0+ recommended, 2.6 supported. */
    public static ValidateResult kernel(String release) {
        Matcher m = KERNEL.matcher(release);
        if (!m.find()) {
            return ValidateResult.of("Kernel version", ValidateStatus.UNKNOWN,
                    "Could not parse kernel version \"" + release + "\".");
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        ValidateStatus status = major >= 3 ? ValidateStatus.RECOMMENDED
                : major == 2 && minor >= 6 ? ValidateStatus.SUPPORTED : ValidateStatus.UNSUPPORTED;
        return ValidateResult.of("Kernel version", status,
                "Kernel version is " + release + ". Versions >= 2.6 are supported. 3.0+ are recommended.");
    }

    /**
     * Enabled controllers: on v1/hybrid from {@code /proc/cgroups} ({@code #subsys_name hierarchy
     * num_cgroups enabled}), on v2 from the root's {@code cgroup.controllers}.
     */
    public static ValidateResult cgroups(CgroupMode mode, List<String> procCgroups, String v2Controllers) {
        Map<String, Integer> available = new TreeMap<>();
        List<String> required;
        List<String> recommended;
        if (mode == CgroupMode.V2) {
            for (String controller : v2Controllers.trim().split("\\s+")) {
                if (!controller.isEmpty()) {
                    available.put(controller, 1);
                }
            }
            required = V2_REQUIRED;
            recommended = V2_RECOMMENDED;
        } else {
            for (String line : procCgroups) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] fields = line.trim().split("\\s+");
                if (fields.length >= 4) {
                    available.put(fields[0], "1".equals(fields[3]) ? 1 : 0);
                }
            }
            required = V1_REQUIRED;
            recommended = V1_RECOMMENDED;
        }
        boolean hasRequired = required.stream().allMatch(c -> available.getOrDefault(c, 0) == 1);
        boolean hasRecommended = recommended.stream().allMatch(c -> available.getOrDefault(c, 0) == 1);
        ValidateStatus status = !hasRequired ? ValidateStatus.UNSUPPORTED
                : hasRecommended ? ValidateStatus.RECOMMENDED : ValidateStatus.SUPPORTED;
        StringBuilder map = new StringBuilder("map[");
        available.forEach((k, v) -> map.append(map.length() > 4 ? " " : "").append(k).append(':').append(v));
        map.append(']');
        return ValidateResult.of("Cgroup setup", status,
                "Available cgroups: " + map,
                "Following cgroups are required: [" + String.join(" ", required) + "]",
                "Following other cgroups are recommended: [" + String.join(" ", recommended) + "]");
    }

    /** Where the tracked hierarchies are mounted ({@code CgroupMounts}). */
    public static ValidateResult cgroupMounts(CgroupMode mode, List<String> hierarchyRoots) {
        if (hierarchyRoots.isEmpty()) {
            return ValidateResult.of("Cgroup mount setup", ValidateStatus.UNSUPPORTED,
                    "Could not locate cgroup mount point.");
        }
        String layout = switch (mode) {
            case V1 -> "cgroup v1 (one hierarchy per controller)";
            case V2 -> "cgroup v2 (unified hierarchy)";
            case HYBRID -> "hybrid (v1 controllers plus an empty cgroup2 mount; treated as v1)";
        };
        List<String> details = new ArrayList<>();
        details.add("Layout: " + layout + ".");
        details.add("Cgroups are mounted at " + String.join(", ", hierarchyRoots) + ".");
        return new ValidateResult("Cgroup mount setup", ValidateStatus.RECOMMENDED.token(), details);
    }

    /**
     * The I/O scheduler of each disk of machine info's disk map (read from
     * {@code /sys/block/<dev>/queue/scheduler}), upstream's "Block device setup". Upstream recommends
     * {@code cfq}, gone since Linux 5.0; what it stands for is a scheduler with per-cgroup time and
     * queue accounting, so on cgroup v1 {@code bfq} counts too (its {@code blkio.bfq.*} files). On
     * cgroup v2 {@code io.stat} does not depend on the scheduler.
     *
     * @param disks the disk map's entries; null when machine info is not loaded yet
     */
    public static ValidateResult blockDevices(CgroupMode mode, Collection<DiskInfo> disks) {
        if (disks == null) {
            return ValidateResult.of("Block device setup", ValidateStatus.UNKNOWN, "Machine info not available.");
        }
        List<String> details = new ArrayList<>();
        boolean accounting = false;
        for (DiskInfo disk : disks) {
            details.add(" Disk \"" + disk.name() + "\" Scheduler type \"" + disk.scheduler() + "\".");
            accounting |= "cfq".equals(disk.scheduler()) || "bfq".equals(disk.scheduler());
        }
        ValidateStatus status;
        if (mode == CgroupMode.V2) {
            status = ValidateStatus.RECOMMENDED;
            details.add(0, "Disk I/O stats come from io.stat, whatever the I/O scheduler.");
        } else if (accounting) {
            status = ValidateStatus.RECOMMENDED;
            details.add(0, "At least one device uses the 'cfq' or 'bfq' I/O scheduler. All disk stats can be "
                    + "reported for it.");
        } else {
            status = ValidateStatus.SUPPORTED;
            details.add(0, "None of the devices use the 'cfq' or 'bfq' I/O scheduler. Disk I/O bytes and operations "
                    + "are reported; time, sector and queue stats are not.");
        }
        return new ValidateResult("Block device setup", status.token(), details);
    }

    /** The host root the agent reads under, and whether it looks like a host. */
    public static ValidateResult hostRoot(String root, boolean hasProc, boolean hasCgroupFs) {
        if (hasProc && hasCgroupFs) {
            return ValidateResult.of("Host root", ValidateStatus.RECOMMENDED,
                    "Host root is " + root + "; /proc and /sys/fs/cgroup found under it.");
        }
        return ValidateResult.of("Host root", ValidateStatus.UNSUPPORTED,
                "Host root is " + root + "; " + (hasProc ? "" : "/proc not found under it. ")
                        + (hasCgroupFs ? "" : "/sys/fs/cgroup not found under it.").trim());
    }

    /** inotify limits ({@code /proc/sys/fs/inotify/max_user_watches}, {@code max_user_instances}). */
    public static ValidateResult inotify(OptionalLong maxUserWatches, OptionalLong maxUserInstances) {
        if (maxUserWatches.isEmpty() || maxUserInstances.isEmpty()) {
            return ValidateResult.of("Inotify watches", ValidateStatus.UNKNOWN,
                    "Could not read /proc/sys/fs/inotify limits; cgroup watching may be unavailable.");
        }
        long watches = maxUserWatches.getAsLong();
        long instances = maxUserInstances.getAsLong();
        ValidateStatus status = watches >= 8192 && instances >= 128 ? ValidateStatus.RECOMMENDED
                : ValidateStatus.SUPPORTED;
        return ValidateResult.of("Inotify watches", status,
                "max_user_watches is " + watches + ", max_user_instances is " + instances + ".",
                "Every cgroup directory takes one watch; at least 8192 watches and 128 instances are recommended.");
    }

    /** The containers the agent tracks, with namespace and aliases (upstream's debug section). */
    public static ValidateResult managedContainers(List<ContainerSnapshot> containers) {
        List<String> details = new ArrayList<>();
        for (ContainerSnapshot c : containers) {
            details.add(c.name());
            if (c.reference().namespace() != null && !c.reference().namespace().isEmpty()) {
                details.add("\tNamespace: " + c.reference().namespace());
            }
            List<String> aliases = c.reference().aliases();
            if (aliases != null && !aliases.isEmpty()) {
                details.add("\tAliases:");
                for (String alias : aliases) {
                    details.add("\t\t" + alias);
                }
            }
        }
        return new ValidateResult("Managed containers", "", details);
    }
}
