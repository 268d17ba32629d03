package io.jcadvisor.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real cgroup on this cgroup v1 host for live tests: one directory per controller under
 * {@code /sys/fs/cgroup}, processes moved in, and everything killed and removed on {@link #close()}.
 */
public final class LiveCgroup implements AutoCloseable {

    private static final Path ROOT = Path.of("/sys/fs/cgroup");
    private static final List<String> CONTROLLERS = List.of("cpu", "cpuacct", "memory", "pids");

    private final String name;
    private final List<Path> created = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    private LiveCgroup(String name) {
        this.name = name;
    }

    /** Creates {@code /<prefix>-<random>} in the cpu, cpuacct, memory and pids hierarchies. */
    public static LiveCgroup create(String prefix) throws IOException {
        return create(prefix, CONTROLLERS);
    }

    /** Creates {@code /<prefix>-<random>} in the given hierarchies, in that order. */
    public static LiveCgroup create(String prefix, List<String> controllers) throws IOException {
        LiveCgroup cgroup = new LiveCgroup("/" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8));
        try {
            for (String controller : controllers) {
                Path dir = ROOT.resolve(controller + cgroup.name);
                Files.createDirectory(dir);
                cgroup.created.add(dir);
            }
        } catch (IOException e) {
            cgroup.close();
            throw e;
        }
        return cgroup;
    }

    /** The container name: the cgroup path ({@code /jcadv-…}). */
    public String name() {
        return name;
    }

    /**
     * Starts {@code sh -c script} in every controller of this cgroup. The shell is moved in before
     * the script runs (it waits for a line on stdin first), so whatever it forks and every page it
     * touches is charged here, however slow the move is on a loaded host.
     */
    public Process start(String script) throws IOException {
        Process p = new ProcessBuilder("sh", "-c", "read go; " + script).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        processes.add(p);
        for (Path dir : created) {
            Files.writeString(dir.resolve("cgroup.procs"), Long.toString(p.pid()));
        }
        try (OutputStream in = p.getOutputStream()) {
            in.write("go\n".getBytes(StandardCharsets.US_ASCII));
        }
        return p;
    }

    /** Writes a control file in one controller ({@code memory}, {@code memory.limit_in_bytes}). */
    public void write(String controller, String file, String value) throws IOException {
        Files.writeString(ROOT.resolve(controller + name).resolve(file), value);
    }

    /**
     * Kills the processes, then removes the directories ({@link CgroupTasks#removeAll}); fails naming any
     * directory left behind.
     */
    @Override
    public void close() {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
        try {
            CgroupTasks.removeAll(created);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            created.clear();
        }
    }
}
