package io.jcadvisor.oom;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns {@code /dev/kmsg} records into OOM kills ({@code docs/data-sources.md} §3.13). Pure, no I/O: the
 * {@link OomWatcher} feeds it the records it reads.
 *
 * <p>A block starts at a message containing {@code invoked oom-killer:}. The records after it are
 * scanned until the kernel ≥ 5.0 {@code oom-kill:constraint=…} line, or, on older kernels, until
 * {@code Killed process N (name)} (after an optional {@code Task in X killed as a result of limit of Y}
 * that names the cgroups). Names default to {@code /} when no line named them. A new
 * {@code invoked oom-killer:} inside an open block starts over (the unfinished block is dropped);
 * records outside a block are ignored, so the {@code Killed process} line that follows the
 * {@code oom-kill:} line on new kernels does not count twice.
 */
public final class OomParser {

    static final String START = "invoked oom-killer:";

    /** Kernel ≥ 5.0 ({@code mm/oom_kill.c dump_oom_summary}); fields as the spec lists them. */
    private static final Pattern SUMMARY = Pattern.compile(
            "oom-kill:constraint=(.*),nodemask=(.*),cpuset=(.*),mems_allowed=(.*),oom_memcg=(.*),task_memcg=(.*),"
                    + "task=(.*),pid=(.*),uid=(.*)");
    private static final Pattern LEGACY_CONTAINER = Pattern.compile("Task in (.*) killed as a result of limit of (.*)");
    private static final Pattern LEGACY_KILLED = Pattern.compile("Killed process ([0-9]+) \\((.+)\\)");

    private static final String ROOT = "/";

    private OomParser() {
    }

    /**
     * One record as read from {@code /dev/kmsg}: the first line's {@code prefix;message}; continuation
     * lines (starting with a space: the record's dictionary, {@code SUBSYSTEM=…}) are ignored.
     *
     * @return empty for a continuation line, an empty or truncated record, or a prefix without the
     *         numeric priority, sequence and time fields
     */
    public static Optional<KmsgRecord> parseRecord(String text) {
        if (text == null || text.isEmpty() || text.charAt(0) == ' ') {
            return Optional.empty();
        }
        int end = text.indexOf('\n');
        String line = end < 0 ? text : text.substring(0, end);
        int semicolon = line.indexOf(';');
        if (semicolon < 0) {
            return Optional.empty();
        }
        String[] prefix = line.substring(0, semicolon).split(",", -1);
        if (prefix.length < 3) {
            return Optional.empty();
        }
        try {
            int priority = Integer.parseInt(prefix[0]);
            long sequence = Long.parseLong(prefix[1]);
            long micros = Long.parseLong(prefix[2]);
            if (priority < 0 || sequence < 0 || micros < 0) {
                return Optional.empty();
            }
            return Optional.of(new KmsgRecord(priority, sequence, micros, line.substring(semicolon + 1)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The instances in a list of records (whole-buffer tests); unfinished blocks are dropped. */
    public static List<OomInstance> parseAll(List<String> records) {
        Scanner scanner = new Scanner();
        List<OomInstance> found = new ArrayList<>();
        for (String record : records) {
            parseRecord(record).flatMap(scanner::accept).ifPresent(found::add);
        }
        return found;
    }

    /**
     * The wall-clock boot time: {@code now − uptime} (first field of {@code /proc/uptime}, seconds with
     * hundredths), or {@code btime} of {@code /proc/stat} (whole seconds) when uptime is unusable.
     */
    public static Optional<Instant> bootTime(Instant now, OptionalDouble uptimeSeconds, OptionalLong btimeSeconds) {
        if (uptimeSeconds.isPresent()) {
            return Optional.of(now.minusNanos(Math.round(uptimeSeconds.getAsDouble() * 1e9)));
        }
        return btimeSeconds.isPresent() ? Optional.of(Instant.ofEpochSecond(btimeSeconds.getAsLong()))
                : Optional.empty();
    }

    /** Wall-clock time of a record: boot time plus its µs offset. */
    public static Instant timeOf(Instant bootTime, long monotonicMicros) {
        return bootTime.plusNanos(Math.multiplyExact(monotonicMicros, 1000L));
    }

    /**
     * The block state across records, in order. Not thread-safe: one per reader. Holds only the open
     * block's fields, never the records, so a block that never ends costs nothing.
     */
    public static final class Scanner {

        private boolean open;
        private long startMicros;
        private String containerName;
        private String victimContainerName;

        /** Feeds the next record; returns the instance it completes, if any. */
        public Optional<OomInstance> accept(KmsgRecord record) {
            String message = record.message();
            if (message.contains(START)) {
                open = true;
                startMicros = record.monotonicMicros();
                containerName = ROOT;
                victimContainerName = ROOT;
                return Optional.empty();
            }
            if (!open) {
                return Optional.empty();
            }
            Matcher summary = SUMMARY.matcher(message);
            if (summary.find()) {
                open = false;
                return Optional.of(new OomInstance(pid(summary.group(8)), summary.group(7), startMicros,
                        nameOr(summary.group(6)), nameOr(summary.group(5)), summary.group(1)));
            }
            Matcher legacy = LEGACY_CONTAINER.matcher(message);
            if (legacy.find()) {
                containerName = absolute(legacy.group(1));
                victimContainerName = absolute(legacy.group(2));
                return Optional.empty();
            }
            Matcher killed = LEGACY_KILLED.matcher(message);
            if (killed.find()) {
                open = false;
                return Optional.of(new OomInstance(pid(killed.group(1)), killed.group(2), startMicros, containerName,
                        victimContainerName, ""));
            }
            return Optional.empty();
        }

        /** A block is open (tests). */
        boolean inBlock() {
            return open;
        }
    }

    /** A pid field; 0 when it does not parse (the kill still happened, so the instance stays). */
    private static int pid(String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** An empty memcg field (a kernel without memcg accounting) means the root, like the defaults. */
    private static String nameOr(String memcg) {
        return memcg.isEmpty() ? ROOT : memcg;
    }

    /**
     * Legacy kernels print the cgroup path with its leading slash ({@code Task in /docker/x}); the spec's
     * {@code "/" + group} joins like a path, so one slash is kept, never two.
     */
    private static String absolute(String path) {
        return path.startsWith(ROOT) ? path : ROOT + path;
    }
}
