package io.jcadvisor.perf;

import org.jboss.logging.Logger;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * One long-running {@code perf stat} child and the daemon thread that reads its output into
 * {@link PerfCounters}. The thread starts the process (so {@link #start()} never blocks on fork),
 * reads until EOF and reaps it ({@code waitFor}); {@link #close()} destroys it. If the agent dies
 * without closing, perf dies on its next write to the closed pipe (SIGPIPE), one interval later.
 *
 * <p>A child that ends on its own while the container's cgroup is still there (killed, crashed) is
 * started again after {@link #FIRST_RETRY}, doubling up to {@link #MAX_RETRY} while it keeps ending
 * early; its counts add to the same totals, since perf prints each interval's delta.
 */
final class PerfRun implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PerfRun.class);
    /** Output lines kept to explain an early exit. */
    private static final int TAIL = 5;
    /** Wait before starting perf again after it ended on its own. */
    static final long FIRST_RETRY = 1_000;
    /** Longest wait between restarts. */
    static final long MAX_RETRY = 60_000;

    private final String container;
    private final Supplier<Plan> plan;
    private final BooleanSupplier ready;
    private volatile PerfCounters counters;
    private final Thread thread;
    private Process process;
    private boolean closed;

    /**
     * What to run, worked out on the run's own thread (it may probe perf once).
     *
     * @param command    the perf command line ({@link PerfCommand})
     * @param withCgroup whether the command uses {@code -G}
     * @param counters   where the values go
     */
    record Plan(List<String> command, boolean withCgroup, PerfCounters counters) {
    }

    /**
     * @param container the container's name, for logs and the thread name
     * @param plan      the command; null when there is nothing to count
     * @param ready     polled before starting (the cgroup directory exists); still false after
     *                  five seconds gives up
     */
    PerfRun(String container, Supplier<Plan> plan, BooleanSupplier ready) {
        this.container = container;
        this.plan = plan;
        this.ready = ready;
        this.thread = new Thread(this::run, "perf " + container);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** The values so far; null before the run has started counting. */
    PerfCounters counters() {
        return counters;
    }

    /** The perf child's pid, or -1 before it started or after it ended. */
    synchronized long pid() {
        return process != null && process.isAlive() ? process.pid() : -1;
    }

    private void run() {
        // Runtimes create the container's cgroup in every hierarchy before its first task, but a
        // watch event for one hierarchy can come first: give the perf_event directory a moment.
        for (int i = 0; !ready.getAsBoolean(); i++) {
            if (i >= 50 || isClosed() || Thread.currentThread().isInterrupted()) {
                if (!isClosed()) {
                    LOG.debugf("perf: no perf_event cgroup for %s; no perf counters for it", container);
                }
                return;
            }
            sleep(100);
        }
        Plan what = isClosed() ? null : plan.get();
        if (what == null) {
            return;
        }
        long retry = FIRST_RETRY;
        for (int runs = 0; ; runs++) {
            long startedAt = System.nanoTime();
            Integer code = runOnce(what);
            if (code == null || isClosed()) {
                return;
            }
            if (!ready.getAsBoolean()) {
                // The cgroup went away before the manager told us: nothing to report.
                LOG.debugf("perf for %s ended with its cgroup (%d)", container, code);
                return;
            }
            if (System.nanoTime() - startedAt > MAX_RETRY * 1_000_000L) {
                retry = FIRST_RETRY;
            }
            LOG.debugf("perf for %s: starting again in %d ms (run %d)", container, retry, runs + 2);
            sleep(retry);
            retry = Math.min(retry * 2, MAX_RETRY);
            if (isClosed() || Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }

    /** Runs the child once, to its end: its exit code, or null when it could not run or was closed. */
    private Integer runOnce(Plan what) {
        List<String> command = what.command();
        Process p;
        synchronized (this) {
            if (closed) {
                return null;
            }
            try {
                p = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectInput(ProcessBuilder.Redirect.PIPE).start();
                p.getOutputStream().close();
            } catch (IOException e) {
                LOG.warnf("perf: cannot run %s for %s: %s", command.get(0), container, e.getMessage());
                return null;
            }
            process = p;
            counters = what.counters();
        }
        Deque<String> tail = new ArrayDeque<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                var parsed = PerfStatParser.parse(line, what.withCgroup());
                if (parsed.isPresent()) {
                    String unsupported = what.counters().add(parsed.get());
                    if (unsupported != null) {
                        LOG.infof("perf: event %s is not supported on this host (for %s); skipped", unsupported,
                                container);
                    }
                } else if (!line.isBlank()) {
                    if (tail.size() == TAIL) {
                        tail.removeFirst();
                    }
                    tail.addLast(line.trim());
                }
            }
        } catch (IOException e) {
            // The stream closes under us when close() destroys the process.
        }
        int code = waitFor(p);
        if (!isClosed() && ready.getAsBoolean()) {
            LOG.warnf("perf for %s exited with %d: %s", container, code, String.join(" | ", tail));
        }
        return code;
    }

    /** Destroys the child; the reader thread reaps it. Waits briefly so none outlives a shutdown. */
    @Override
    public void close() {
        Process p;
        synchronized (this) {
            closed = true;
            p = process;
        }
        if (p != null) {
            // SIGTERM: perf stops its counters and exits at once.
            p.destroy();
        }
        // Wakes the thread if it waits to start perf again.
        thread.interrupt();
    }

    /** Waits for the reader thread to have reaped the child. */
    void await(long millis) {
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Process p;
        synchronized (this) {
            p = process;
        }
        if (p != null && p.isAlive()) {
            p.destroyForcibly();
            waitFor(p);
        }
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    private static int waitFor(Process p) {
        try {
            if (p.waitFor(5, TimeUnit.SECONDS)) {
                return p.exitValue();
            }
            p.destroyForcibly();
            return p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return -1;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
