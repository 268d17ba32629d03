package io.jcadvisor.fs;

import io.jcadvisor.host.HostFs;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Inode counts of host mountpoints. Java 17 has no call for {@code statfs}'s {@code f_files} and
 * {@code f_ffree} without JNI, so one {@code stat -f} child reads them for every mountpoint at once,
 * at most once per {@link #REFRESH}: inode counts move slowly, and a fork a minute costs nothing next
 * to a fork per sample. Between rounds the last counts are served.
 *
 * <p>A round waits at most {@link #TIMEOUT} (a hung NFS server), then the child is left to finish on
 * its own and no new round starts while it lives. A filesystem without inode accounting (btrfs)
 * reports 0 inodes and so has none here. Without a {@code stat} binary (a minimal image) there are no
 * counts at all: {@code has_inodes} stays false, as before, after one info line.
 */
public final class InodeCountsReader {

    private static final Logger LOG = Logger.getLogger(InodeCountsReader.class);

    /** How long counts are served before the next round. */
    public static final Duration REFRESH = Duration.ofMinutes(1);
    /** Longest wait for a round. */
    public static final Duration TIMEOUT = Duration.ofSeconds(2);

    /**
     * coreutils' {@code stat} by absolute path (Debian and the image put it there): the agent runs as
     * root, so a helper is never looked up on {@code PATH}.
     */
    static final String STAT = "/usr/bin/stat";

    /** A reader that never has counts (fixture hosts in tests, where the real host's would mislead). */
    public static final InodeCountsReader NONE = new InodeCountsReader(null, Clock.systemUTC(), REFRESH, List.of());

    private final HostFs hostFs;
    private final Clock clock;
    private final Duration refresh;
    private final List<String> command;
    private Map<String, InodeCounts> counts = Map.of();
    private Instant lastRound;
    private Process running;
    private boolean unavailable;

    public InodeCountsReader(HostFs hostFs, Clock clock) {
        this(hostFs, clock, REFRESH, List.of(STAT, "-f", "-c", "%c %d %n", "--"));
    }

    /** @param command the {@code stat} invocation without the paths; empty for {@link #NONE} */
    InodeCountsReader(HostFs hostFs, Clock clock, Duration refresh, List<String> command) {
        this.hostFs = hostFs;
        this.clock = clock;
        this.refresh = refresh;
        this.command = command;
        this.unavailable = command.isEmpty();
    }

    /** Counts by host mountpoint; a mountpoint is missing when it has no inode accounting or no round answered. */
    public synchronized Map<String, InodeCounts> counts(Collection<String> mountpoints) {
        Instant now = clock.instant();
        if (!unavailable && (lastRound == null || !now.isBefore(lastRound.plus(refresh)))
                && (running == null || !running.isAlive())) {
            lastRound = now;
            counts = round(mountpoints);
        }
        return counts;
    }

    private Map<String, InodeCounts> round(Collection<String> mountpoints) {
        Map<String, String> byPath = new HashMap<>();
        List<String> argv = new ArrayList<>(command);
        for (String mountpoint : mountpoints) {
            String path = hostFs.pathOnAgent(mountpoint);
            if (byPath.putIfAbsent(path, mountpoint) == null) {
                argv.add(path);
            }
        }
        if (byPath.isEmpty()) {
            return Map.of();
        }
        try {
            Process p = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            running = p;
            p.getOutputStream().close();
            // The output is drained while stat runs, not after: with a few hundred mountpoints it passes
            // the pipe's 64 KiB, and stat would block on the full pipe until the timeout.
            CompletableFuture<String> output = new CompletableFuture<>();
            Thread reader = new Thread(() -> drain(p.getInputStream(), output), "jcadvisor-inode-counts");
            reader.setDaemon(true);
            reader.start();
            String out;
            try {
                out = output.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                LOG.warnf("stat -f did not answer within %s (a hung network filesystem?); inode counts are "
                        + "the last known until it does", TIMEOUT);
                return counts;
            } catch (ExecutionException e) {
                LOG.debugf(e.getCause(), "Reading stat -f's output failed; inode counts are the last known");
                return counts;
            }
            // Its output ends as it exits: reap it, so the next round does not find it still alive.
            p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            // stat exits 1 when one path fails but still prints the others
            return parse(out, byPath);
        } catch (IOException e) {
            unavailable = true;
            LOG.infof("Filesystem inode counts are not reported: cannot run stat (%s)", e.getMessage());
            return Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return counts;
        }
    }

    /** Reads {@code in} to its end (the child's exit) and completes {@code output} with it. */
    private static void drain(InputStream in, CompletableFuture<String> output) {
        try (in) {
            output.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            output.completeExceptionally(e);
        }
    }

    /**
     * Lines {@code <f_files> <f_ffree> <path>} (the path last: it may hold spaces), keyed back to the
     * mountpoint asked for; lines that do not parse, unknown paths and filesystems with 0 inodes are
     * skipped.
     */
    static Map<String, InodeCounts> parse(String output, Map<String, String> mountpointByPath) {
        Map<String, InodeCounts> result = new HashMap<>();
        for (String line : HostFs.lines(output)) {
            int first = line.indexOf(' ');
            int second = first < 0 ? -1 : line.indexOf(' ', first + 1);
            if (second < 0) {
                continue;
            }
            String mountpoint = mountpointByPath.get(line.substring(second + 1));
            try {
                long total = Long.parseUnsignedLong(line.substring(0, first));
                long free = Long.parseUnsignedLong(line.substring(first + 1, second));
                if (mountpoint != null && total != 0) {
                    result.put(mountpoint, new InodeCounts(total, free));
                }
            } catch (NumberFormatException e) {
                // not a counts line
            }
        }
        return Map.copyOf(result);
    }
}
