package io.jcadvisor.host;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Host-wide facts that several readers need: the cgroup readers, the process listing, the OOM
 * watcher, the filesystem layer and machine info. This is the one place that knows which file gives
 * each fact and how it falls back. Facts that are constant for one boot are read once: {@code btime},
 * the number of logical CPUs, and the hugepage sizes. The others change while the host runs (free
 * memory, swap, {@code cpu MHz}, mounts) and are read on each call.
 *
 * <p>The agent has one, a CDI bean made from the one {@link HostFs} ({@code HostFsProducer}) and
 * injected where the facts are used; a unit test makes one over its fixture tree.
 */
public final class HostFacts {

    private final HostFs fs;
    private volatile OptionalLong bootTimeSeconds;
    private volatile int logicalCpus = -1;
    private volatile List<Long> hugepageSizesKb;

    /** The facts of the host under {@code fs}'s root. */
    public HostFacts(HostFs fs) {
        this.fs = fs;
    }

    /** {@code btime} of {@code /proc/stat}: the boot time in whole seconds since the epoch; read once. */
    public OptionalLong bootTimeSeconds() {
        OptionalLong btime = bootTimeSeconds;
        if (btime == null) {
            btime = parseBtime(fs.readLines("/proc/stat"));
            bootTimeSeconds = btime;
        }
        return btime;
    }

    /** The first value of {@code /proc/uptime}, now: seconds since boot, with hundredths. */
    public OptionalDouble uptimeSeconds() {
        return parseUptime(fs.readString("/proc/uptime").orElse(""));
    }

    /**
     * Logical CPUs: the {@code processor} lines of {@code /proc/cpuinfo}, read once. This is 0 when the
     * file is unreadable.
     */
    public int logicalCpus() {
        int n = logicalCpus;
        if (n < 0) {
            n = 0;
            for (String line : fs.readLines("/proc/cpuinfo")) {
                if (line.startsWith("processor")) {
                    n++;
                }
            }
            logicalCpus = n;
        }
        return n;
    }

    /**
     * The hugepage sizes the kernel offers, in kB, from the directory names
     * {@code /sys/kernel/mm/hugepages/hugepages-<N>kB} (sorted by name); read once.
     */
    public List<Long> hugepageSizesKb() {
        List<Long> sizes = hugepageSizesKb;
        if (sizes == null) {
            sizes = new ArrayList<>();
            for (String dir : fs.listDirectories("/sys/kernel/mm/hugepages")) {
                OptionalLong kb = hugepageSizeKb(dir);
                if (kb.isPresent() && kb.getAsLong() != 0) {
                    sizes.add(kb.getAsLong());
                }
            }
            sizes = List.copyOf(sizes);
            hugepageSizesKb = sizes;
        }
        return sizes;
    }

    /** {@code /proc/meminfo} as it is now; empty when unreadable. */
    public Optional<String> memInfo() {
        return fs.readString("/proc/meminfo");
    }

    /** {@code /proc/meminfo} as it is now, by line; no lines when unreadable. */
    public List<String> memInfoLines() {
        return memInfo().map(HostFs::lines).orElse(List.of());
    }

    /** {@code /proc/cpuinfo} as it is now (the {@code cpu MHz} lines change). */
    public List<String> cpuInfo() {
        return fs.readLines("/proc/cpuinfo");
    }

    /**
     * The host's mount table: {@code /proc/1/mountinfo}, the view of the host's init. When that
     * cannot be read (no host pid namespace), the agent's own {@code /proc/self/mountinfo} is used.
     */
    public List<String> mountInfo() {
        List<String> lines = fs.readLines("/proc/1/mountinfo");
        return lines.isEmpty() ? fs.readLines("/proc/self/mountinfo") : lines;
    }

    /**
     * The page size in kB a hugepage pool directory is named after ({@code hugepages-2048kB} → 2048),
     * as {@code /sys/kernel/mm/hugepages} and each NUMA node's {@code hugepages} name them; empty for
     * any other name. Pure.
     */
    public static OptionalLong hugepageSizeKb(String dirName) {
        if (!dirName.startsWith("hugepages-") || !dirName.endsWith("kB")) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseUnsignedLong(dirName.substring("hugepages-".length(),
                    dirName.length() - 2)));
        } catch (NumberFormatException e) {
            // not a size: a directory the kernel does not make
            return OptionalLong.empty();
        }
    }

    /** {@code btime} of {@code /proc/stat} lines: boot time in seconds since the epoch. Pure. */
    public static OptionalLong parseBtime(List<String> procStat) {
        for (String line : procStat) {
            if (line.startsWith("btime ")) {
                try {
                    return OptionalLong.of(Long.parseLong(line.substring(6).strip()));
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }

    /** The first value of {@code /proc/uptime} text; empty when it is not a finite, non-negative number. Pure. */
    public static OptionalDouble parseUptime(String procUptime) {
        String text = procUptime.strip();
        int end = 0;
        while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
            end++;
        }
        if (end == 0) {
            return OptionalDouble.empty();
        }
        try {
            double seconds = Double.parseDouble(text.substring(0, end));
            return Double.isFinite(seconds) && seconds >= 0 ? OptionalDouble.of(seconds) : OptionalDouble.empty();
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }
}
