package io.jcadvisor.proc;

import java.util.List;
import java.util.Optional;

/** Finds a process's container name in {@code /proc/<pid>/cgroup}. Pure, no I/O. */
public final class ProcCgroupParser {

    private ProcCgroupParser() {
    }

    /**
     * The cgroup path the process belongs to, as upstream's {@code ps} handler picks it: the v1
     * {@code memory} hierarchy, else the v1 {@code cpu} hierarchy (which may be co-mounted as
     * {@code cpu,cpuacct}), else the v2 {@code 0::} line.
     *
     * @param lines lines {@code hierarchy-id:controllers:path}
     * @return empty when none of them is present
     */
    public static Optional<String> containerName(List<String> lines) {
        String cpu = null;
        String unified = null;
        for (String line : lines) {
            int first = line.indexOf(':');
            int second = first < 0 ? -1 : line.indexOf(':', first + 1);
            if (second < 0) {
                continue;
            }
            String controllers = line.substring(first + 1, second);
            String path = line.substring(second + 1);
            if (hasController(controllers, "memory")) {
                return Optional.of(path);
            }
            if (cpu == null && hasController(controllers, "cpu")) {
                cpu = path;
            }
            if (unified == null && controllers.isEmpty() && line.startsWith("0:")) {
                unified = path;
            }
        }
        return Optional.ofNullable(cpu != null ? cpu : unified);
    }

    private static boolean hasController(String controllers, String wanted) {
        for (String controller : controllers.split(",")) {
            if (controller.equals(wanted)) {
                return true;
            }
        }
        return false;
    }
}
