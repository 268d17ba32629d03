package io.jcadvisor.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What a live test's teardown needs to empty a cgroup v1 directory of its own before removing it. */
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
}
