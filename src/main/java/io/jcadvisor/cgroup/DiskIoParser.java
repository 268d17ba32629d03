package io.jcadvisor.cgroup;

import io.jcadvisor.info.v1.DiskIoStats;
import io.jcadvisor.info.v1.PerDiskStats;
import io.jcadvisor.info.v1.PsiStats;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pure parsers for block I/O files: cgroup v1 {@code blkio.*} and cgroup v2 {@code io.stat}. The
 * result is grouped per {@code major:minor} in file order; {@link Builder#build} names each device
 * through the {@link DeviceNamer} it is given.
 */
public final class DiskIoParser {

    private static final Logger LOG = Logger.getLogger(DiskIoParser.class);

    /** Op name of a line without an op column (the sectors and time files), as upstream. */
    public static final String COUNT = "Count";

    /** The lists of {@link DiskIoStats}, in its field order. */
    public enum Kind {
        SERVICE_BYTES, SERVICED, QUEUED, SECTORS, SERVICE_TIME, WAIT_TIME, MERGED, TIME,
        COST_USAGE, COST_WAIT, COST_INDEBT, COST_INDELAY
    }

    /**
     * The v1 blkio file groups, tried in this order: a group is used when its first file lists at
     * least one device (BFQ debug, BFQ, CFQ, throttle recursive, throttle). A file holding only the
     * {@code Total N} line counts as empty, as in upstream's cgroup library: the kernel writes that line
     * into the BFQ files of every cgroup even when the data is in the throttle files.
     */
    public static final List<List<String>> V1_FILE_GROUPS = List.of(
            List.of("blkio.bfq.sectors_recursive", "blkio.bfq.io_service_time_recursive",
                    "blkio.bfq.io_wait_time_recursive", "blkio.bfq.io_merged_recursive",
                    "blkio.bfq.io_queued_recursive", "blkio.bfq.time_recursive",
                    "blkio.bfq.io_serviced_recursive", "blkio.bfq.io_service_bytes_recursive"),
            List.of("blkio.bfq.io_serviced_recursive", "blkio.bfq.io_service_bytes_recursive"),
            List.of("blkio.sectors_recursive", "blkio.io_service_time_recursive", "blkio.io_wait_time_recursive",
                    "blkio.io_merged_recursive", "blkio.io_queued_recursive", "blkio.time_recursive",
                    "blkio.io_serviced_recursive", "blkio.io_service_bytes_recursive"),
            List.of("blkio.throttle.io_serviced_recursive", "blkio.throttle.io_service_bytes_recursive"),
            List.of("blkio.throttle.io_serviced", "blkio.throttle.io_service_bytes"));

    private static final String[] OPS = {"Read", "Write", "Sync", "Async", "Discard", "Total"};

    private DiskIoParser() {
    }

    /** Which list a v1 blkio file feeds, by its name. */
    public static Kind kindOfV1File(String fileName) {
        if (fileName.contains("io_service_bytes")) {
            return Kind.SERVICE_BYTES;
        }
        if (fileName.contains("io_serviced")) {
            return Kind.SERVICED;
        }
        if (fileName.contains("io_queued")) {
            return Kind.QUEUED;
        }
        if (fileName.contains("sectors")) {
            return Kind.SECTORS;
        }
        if (fileName.contains("io_service_time")) {
            return Kind.SERVICE_TIME;
        }
        if (fileName.contains("io_wait_time")) {
            return Kind.WAIT_TIME;
        }
        if (fileName.contains("io_merged")) {
            return Kind.MERGED;
        }
        return Kind.TIME;
    }

    /** Collects per-device counters for every list, then builds {@link DiskIoStats}. */
    public static final class Builder {
        @SuppressWarnings("unchecked")
        private final Map<Long, PerDevice>[] lists = new Map[Kind.values().length];

        private static final class PerDevice {
            final long major;
            final long minor;
            final Map<String, Long> stats = new LinkedHashMap<>();

            PerDevice(long major, long minor) {
                this.major = major;
                this.minor = minor;
            }
        }

        void add(Kind kind, long major, long minor, String op, long value) {
            Map<Long, PerDevice> devices = lists[kind.ordinal()];
            if (devices == null) {
                devices = new LinkedHashMap<>();
                lists[kind.ordinal()] = devices;
            }
            PerDevice device = devices.computeIfAbsent((major << 32) | minor, k -> new PerDevice(major, minor));
            device.stats.put(op, value);
        }

        private List<PerDiskStats> list(Kind kind, DeviceNamer namer, Map<Long, String> names) {
            Map<Long, PerDevice> devices = lists[kind.ordinal()];
            if (devices == null) {
                return List.of();
            }
            List<PerDiskStats> out = new ArrayList<>(devices.size());
            for (Map.Entry<Long, PerDevice> e : devices.entrySet()) {
                PerDevice d = e.getValue();
                String device = names.computeIfAbsent(e.getKey(), k -> namer.deviceName(d.major, d.minor));
                out.add(new PerDiskStats(device, d.major, d.minor, d.stats));
            }
            return out;
        }

        /**
         * The stats with the given pressure ({@link PsiStats#ZERO} when not read), every device named
         * by {@code namer}; each {@code major:minor} is looked up once per sample, as upstream does.
         */
        public DiskIoStats build(PsiStats psi, DeviceNamer namer) {
            Map<Long, String> names = new HashMap<>();
            return new DiskIoStats(list(Kind.SERVICE_BYTES, namer, names), list(Kind.SERVICED, namer, names),
                    list(Kind.QUEUED, namer, names), list(Kind.SECTORS, namer, names),
                    list(Kind.SERVICE_TIME, namer, names), list(Kind.WAIT_TIME, namer, names),
                    list(Kind.MERGED, namer, names), list(Kind.TIME, namer, names),
                    list(Kind.COST_USAGE, namer, names), list(Kind.COST_WAIT, namer, names),
                    list(Kind.COST_INDEBT, namer, names), list(Kind.COST_INDELAY, namer, names), psi);
        }
    }

    /**
     * One v1 blkio file: lines {@code MAJ:MIN OP VALUE} or {@code MAJ:MIN VALUE} (stored under op
     * {@value #COUNT}); the trailing {@code Total N} line and malformed lines are skipped.
     *
     * @return the number of device lines added (0 for {@code null}, empty or {@code Total}-only text)
     */
    public static int parseBlkio(String text, Kind kind, Builder into) {
        if (text == null) {
            return 0;
        }
        int added = 0;
        long[] num = new long[3];
        int n = text.length();
        int pos = 0;
        while (pos < n) {
            int eol = CgroupParser.lineEnd(text, pos);
            int end = CgroupParser.trimEnd(text, pos, eol);
            int devEnd = CgroupParser.tokenEnd(text, pos, end);
            if (devEnd < end && parseDevice(text, pos, devEnd, num)) {
                int second = CgroupParser.skipSpace(text, devEnd, end);
                int secondEnd = CgroupParser.tokenEnd(text, second, end);
                if (secondEnd == end) {
                    if (CgroupParser.scanUnsigned(text, second, end, num, 2)) {
                        into.add(kind, num[0], num[1], COUNT, num[2]);
                        added++;
                    } else {
                        LOG.debugf("malformed blkio line: %s", text.substring(pos, eol));
                    }
                } else {
                    int valueFrom = CgroupParser.skipSpace(text, secondEnd, end);
                    if (CgroupParser.scanUnsigned(text, valueFrom, end, num, 2)) {
                        into.add(kind, num[0], num[1], op(text, second, secondEnd), num[2]);
                        added++;
                    } else {
                        LOG.debugf("malformed blkio line: %s", text.substring(pos, eol));
                    }
                }
            } else if (end > pos && !text.startsWith("Total", pos)) {
                LOG.debugf("malformed blkio line: %s", text.substring(pos, eol));
            }
            pos = eol + 1;
        }
        return added;
    }

    /**
     * cgroup v2 {@code io.stat}: lines {@code MAJ:MIN key=value ...}. {@code rbytes}/{@code wbytes}
     * feed service bytes Read/Write, {@code rios}/{@code wios} serviced Read/Write, and
     * {@code cost.usage|wait|indebt|indelay} (µs) the io cost lists under op {@value #COUNT};
     * other keys are ignored, as upstream.
     */
    public static void parseIoStat(String text, Builder into) {
        if (text == null) {
            return;
        }
        long[] num = new long[3];
        int n = text.length();
        int pos = 0;
        while (pos < n) {
            int eol = CgroupParser.lineEnd(text, pos);
            int end = CgroupParser.trimEnd(text, pos, eol);
            int devEnd = CgroupParser.tokenEnd(text, pos, end);
            if (devEnd > pos && parseDevice(text, pos, devEnd, num)) {
                int p = CgroupParser.skipSpace(text, devEnd, end);
                while (p < end) {
                    int tokEnd = CgroupParser.tokenEnd(text, p, end);
                    int eq = CgroupParser.indexOf(text, '=', p, tokEnd);
                    if (eq > p && CgroupParser.scanUnsigned(text, eq + 1, tokEnd, num, 2)) {
                        addIoStatKey(text, p, eq - p, num, into);
                    } else {
                        LOG.debugf("malformed io.stat field: %s", text.substring(p, tokEnd));
                    }
                    p = CgroupParser.skipSpace(text, tokEnd, end);
                }
            } else if (end > pos) {
                LOG.debugf("malformed io.stat line: %s", text.substring(pos, eol));
            }
            pos = eol + 1;
        }
    }

    private static void addIoStatKey(String text, int from, int length, long[] num, Builder into) {
        long major = num[0];
        long minor = num[1];
        long value = num[2];
        if (matches(text, from, length, "rbytes")) {
            into.add(Kind.SERVICE_BYTES, major, minor, "Read", value);
        } else if (matches(text, from, length, "wbytes")) {
            into.add(Kind.SERVICE_BYTES, major, minor, "Write", value);
        } else if (matches(text, from, length, "rios")) {
            into.add(Kind.SERVICED, major, minor, "Read", value);
        } else if (matches(text, from, length, "wios")) {
            into.add(Kind.SERVICED, major, minor, "Write", value);
        } else if (matches(text, from, length, "cost.usage")) {
            into.add(Kind.COST_USAGE, major, minor, COUNT, value);
        } else if (matches(text, from, length, "cost.wait")) {
            into.add(Kind.COST_WAIT, major, minor, COUNT, value);
        } else if (matches(text, from, length, "cost.indebt")) {
            into.add(Kind.COST_INDEBT, major, minor, COUNT, value);
        } else if (matches(text, from, length, "cost.indelay")) {
            into.add(Kind.COST_INDELAY, major, minor, COUNT, value);
        }
    }

    private static boolean matches(String text, int from, int length, String key) {
        return key.length() == length && text.startsWith(key, from);
    }

    /** {@code MAJ:MIN} into num[0], num[1]. */
    private static boolean parseDevice(String text, int from, int to, long[] num) {
        int colon = CgroupParser.indexOf(text, ':', from, to);
        return colon > from && CgroupParser.scanUnsigned(text, from, colon, num, 0)
                && CgroupParser.scanUnsigned(text, colon + 1, to, num, 1);
    }

    /** The op as a shared constant when it is one of the kernel's usual ones. */
    private static String op(String text, int from, int to) {
        for (String op : OPS) {
            if (matches(text, from, to - from, op)) {
                return op;
            }
        }
        return text.substring(from, to);
    }
}
