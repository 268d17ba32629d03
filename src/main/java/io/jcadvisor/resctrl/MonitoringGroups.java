package io.jcadvisor.resctrl;

import io.quarkus.logging.Log;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The resctrl MON groups this agent makes, one per container (upstream {@code prepareMonitoringGroup}):
 * under {@code mon_groups} of the control group that holds the container's tasks (the root group,
 * or a CTRL_MON group an allocation tool made: the kernel only moves a task into a MON group of
 * its own control group), named {@link ResctrlParser#groupName}, with every thread of the
 * container's processes written to its {@code tasks}. The root container {@code /} gets none: it
 * reads the root group's {@code mon_data}, which counts every task outside other groups' RMIDs.
 *
 * <p>Bounds: at most as many groups as the RMIDs left ({@code info/L3_MON/num_rmids} minus the
 * root's and the groups other tools hold at start); past that, and when the kernel refuses a
 * {@code mkdir} for want of an RMID, one warning and the containers go unmonitored (retried on
 * the next refresh). Groups with our prefix left by an earlier run are removed by {@link #start}.
 *
 * <p>Mutations are serialized; {@link #statsDir} is lock-free for the housekeeping threads.
 */
final class MonitoringGroups {

    /** A group we made: the container, the group directory and its control group. */
    record Group(String container, String dir, String control) {
    }

    private final ResctrlReader reader;
    private final int limit;
    private final Map<String, Group> groups = new ConcurrentHashMap<>();
    private boolean exhaustedLogged;
    /** Set by {@link #removeAll}: the agent is stopping, no group is made after that. */
    private boolean closed;

    private MonitoringGroups(ResctrlReader reader, int limit) {
        this.reader = reader;
        this.limit = limit;
    }

    /** Removes our stale groups, then counts the RMIDs left for this run. */
    static MonitoringGroups start(ResctrlReader reader) {
        int removed = removeStale(reader);
        if (removed > 0) {
            Log.infof("resctrl: removed %d monitoring group(s) left by an earlier run", removed);
        }
        OptionalInt rmids = reader.numRmids();
        int limit = Integer.MAX_VALUE;
        if (rmids.isPresent()) {
            int inUse = 1; // the root group's RMID 0
            List<String> controls = reader.controlGroups();
            inUse += controls.size() - 1;
            for (String control : controls) {
                inUse += reader.monGroups(control).size();
            }
            limit = Math.max(0, rmids.getAsInt() - inUse);
        }
        return new MonitoringGroups(reader, limit);
    }

    /** Removes every group with our prefix in every control group; returns how many went. */
    static int removeStale(ResctrlReader reader) {
        int removed = 0;
        for (String control : reader.controlGroups()) {
            for (String name : reader.monGroups(control)) {
                if (ResctrlParser.isOurs(name)) {
                    try {
                        if (reader.removeGroup(control + "/mon_groups/" + name)) {
                            removed++;
                        }
                    } catch (IOException e) {
                        Log.warnf("resctrl: could not remove stale monitoring group %s/mon_groups/%s: %s",
                                control, name, e.getMessage());
                    }
                }
            }
        }
        return removed;
    }

    /** How many groups this run may make. */
    int limit() {
        return limit;
    }

    /** The directory whose {@code mon_data} holds a container's counters, or null when it has none. */
    String statsDir(String container) {
        if ("/".equals(container)) {
            return ResctrlReader.ROOT;
        }
        Group g = groups.get(container);
        return g == null ? null : g.dir();
    }

    /** The groups made so far. */
    Map<String, Group> groups() {
        return Map.copyOf(groups);
    }

    /**
     * Makes a container's group and moves its tasks in, or adds tasks that appeared since (the
     * {@code resctrl_interval} refresh). A container without pids, past the RMID bound or whose
     * tasks cannot be moved stays without a group; the next call tries again.
     *
     * @param pids the processes of the container's own cgroup
     */
    synchronized void sync(String container, List<Integer> pids) {
        sync(container, pids, new HashMap<>());
    }

    /**
     * {@link #sync(String, List)} for many containers in one pass, reading each control group's
     * {@code tasks} (the root's lists nearly every task of the host) once.
     */
    synchronized void syncAll(Map<String, List<Integer>> pidsByContainer) {
        Map<String, Set<Integer>> controlTasks = new HashMap<>();
        pidsByContainer.forEach((container, pids) -> sync(container, pids, controlTasks));
    }

    private void sync(String container, List<Integer> pids, Map<String, Set<Integer>> controlTasks) {
        if (closed || "/".equals(container) || pids.isEmpty()) {
            return;
        }
        Group group = groups.get(container);
        if (group != null) {
            if (tasksOf(group.control(), controlTasks).contains(pids.get(0))) {
                moveTasks(group.dir(), pids, reader.tasks(group.dir()));
                return;
            }
            // An allocation tool moved the container to another control group: follow it.
            remove(container);
        }
        open(container, pids, controlTasks);
    }

    private Set<Integer> tasksOf(String control, Map<String, Set<Integer>> controlTasks) {
        return controlTasks.computeIfAbsent(control, reader::tasks);
    }

    private void open(String container, List<Integer> pids, Map<String, Set<Integer>> controlTasks) {
        String control = controlGroupOf(pids.get(0), controlTasks);
        if (control == null) {
            Log.debugf("resctrl: no control group holds pid %d of %s", pids.get(0), container);
            return;
        }
        if (groups.size() >= limit) {
            exhausted(container);
            return;
        }
        String dir = control + "/mon_groups/" + ResctrlParser.groupName(container);
        for (Group other : groups.values()) {
            if (other.dir().equals(dir)) {
                // Names map `/` to `-`, so `/a-b` and `/a/b` would share a group: the first keeps it.
                Log.debugf("resctrl: %s and %s map to the same group %s", other.container(), container, dir);
                return;
            }
        }
        try {
            if (!reader.createGroup(dir)) {
                Log.debugf("resctrl: reusing monitoring group %s", dir);
            }
        } catch (IOException e) {
            if (String.valueOf(e.getMessage()).contains("No space left")) {
                exhausted(container);
            } else {
                Log.debugf("resctrl: could not create %s: %s", dir, e.getMessage());
            }
            return;
        }
        if (moveTasks(dir, pids, Set.of()) == 0) {
            // Nothing moved (all exited, or not in this control group after all): give the RMID back.
            removeQuietly(dir);
            return;
        }
        groups.put(container, new Group(container, dir, control));
        Log.debugf("resctrl: monitoring %s in %s", container, dir);
    }

    /** Writes every thread of the pids not yet in the group; returns how many the kernel took. */
    private int moveTasks(String dir, List<Integer> pids, Set<Integer> present) {
        int moved = 0;
        for (int pid : pids) {
            for (int tid : reader.threads(pid)) {
                if (present.contains(tid)) {
                    continue;
                }
                try {
                    reader.addTask(dir, tid);
                    moved++;
                } catch (IOException e) {
                    // Usually ESRCH: the thread exited between listing and writing.
                    Log.debugf("resctrl: task %d not moved to %s: %s", tid, dir, e.getMessage());
                }
            }
        }
        return moved;
    }

    private String controlGroupOf(int pid, Map<String, Set<Integer>> controlTasks) {
        List<String> controls = reader.controlGroups();
        // A task outside every child control group is in the root's; check the children first.
        for (String control : controls.subList(1, controls.size())) {
            if (tasksOf(control, controlTasks).contains(pid)) {
                return control;
            }
        }
        return tasksOf(ResctrlReader.ROOT, controlTasks).contains(pid) ? ResctrlReader.ROOT : null;
    }

    private void exhausted(String container) {
        if (!exhaustedLogged) {
            exhaustedLogged = true;
            Log.warnf("resctrl: no RMID left (%d monitoring groups made); %s and further containers are not"
                    + " monitored", groups.size(), container);
        }
        Log.debugf("resctrl: no RMID for %s", container);
    }

    /** The container is gone: remove its group. */
    synchronized void remove(String container) {
        Group g = groups.remove(container);
        if (g != null) {
            removeQuietly(g.dir());
        }
    }

    /** Agent shutdown: remove every group this run made. */
    synchronized void removeAll() {
        closed = true;
        for (String container : new ArrayList<>(groups.keySet())) {
            remove(container);
        }
    }

    private void removeQuietly(String dir) {
        try {
            reader.removeGroup(dir);
        } catch (IOException e) {
            Log.warnf("resctrl: could not remove monitoring group %s: %s", dir, e.getMessage());
        }
    }
}
