package io.jcadvisor.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What a live test's teardown needs to empty the cgroup v1 directories it made and remove them. */
public final class CgroupTasks {

    private CgroupTasks() {
    }

    /**
     * Kills whatever the kernel still lists in {@code dir/cgroup.procs}, until it lists nothing (up to
     * 10 s). A snapshot of a shell's descendants misses a child forked after it was taken: a pipeline
     * still starting when its test ended left {@code tail} and {@code sleep} in a cgroup (a CI run on
     * 2026-12-07). A task forked in the cgroup stays in it, so the kernel's list is the one that misses
     * none. A directory already gone is left alone.
     */
    public static void killAll(Path dir) throws InterruptedException {
        Path procs = dir.resolve("cgroup.procs");
        for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); System.nanoTime() < deadline; ) {
            List<String> pids;
            try {
                pids = Files.readAllLines(procs).stream().map(String::trim).filter(l -> !l.isEmpty()).toList();
            } catch (IOException gone) {
                return;
            }
            if (pids.isEmpty()) {
                return;
            }
            pids.forEach(pid -> ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly));
            Thread.sleep(20);
        }
    }

    /**
     * Empties ({@link #killAll}) and removes each directory, trying every one even when another is slow
     * to go, and fails naming those left with their remaining tasks. The kernel releases a cgroup some
     * time after its last task died: on kernel 6.18 in the build VM that took over 5 s in three CI runs
     * of four on 2026-12-07 (the directory had no task left and was removable seconds later), so each
     * directory gets up to 30 s.
     */
    public static void removeAll(List<Path> dirs) throws InterruptedException {
        Map<Path, String> left = new LinkedHashMap<>();
        for (Path dir : dirs) {
            killAll(dir);
            String why = remove(dir);
            if (why != null) {
                left.put(dir, why);
            }
        }
        if (!left.isEmpty()) {
            throw new AssertionError("cgroup directories this test made and could not remove: " + left);
        }
    }

    /** Removes an emptied cgroup directory, or says why it could not. */
    private static String remove(Path dir) throws InterruptedException {
        for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); Files.exists(dir); ) {
            try {
                Files.delete(dir);
            } catch (IOException busy) {
                if (System.nanoTime() > deadline) {
                    String procs;
                    try {
                        procs = Files.readString(dir.resolve("cgroup.procs")).replace('\n', ' ').trim();
                    } catch (IOException e) {
                        procs = "unreadable: " + e;
                    }
                    return busy + "; tasks left: [" + procs + "]";
                }
                Thread.sleep(20);
            }
        }
        return null;
    }
}
