package io.jcadvisor.fs;

import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Parses {@code /proc/diskstats}; pure, no I/O. */
public final class DiskStatsParser {

    private static final Logger LOG = Logger.getLogger(DiskStatsParser.class);

    /**
     * Upstream keeps only SCSI/virtio/Xen disks and device-mapper volumes; NVMe, mmcblk, md, loop…
     * get no I/O counters. Kept as is for compatibility of {@code container_fs_*} series.
     */
    static final Pattern DEVICE = Pattern.compile("^(?:(?:s|v|xv)d[a-z]+\\d*|dm-\\d+)$");

    /**
     * Runs of blanks, compiled once: {@code String.split("\\s+")} compiles its pattern on each call, and this
     * parse runs on every sample of the root container (its filesystems' I/O counters).
     */
    private static final Pattern BLANKS = Pattern.compile("\\s+");

    private DiskStatsParser() {
    }

    /**
     * Lines of devices matching upstream's name pattern, keyed {@code /dev/<name>}, in file order.
     * Lines with fewer than 14 fields or garbage numbers are left out (logged at debug).
     */
    public static Map<String, DiskStats> parse(List<String> lines) {
        Map<String, DiskStats> stats = new LinkedHashMap<>();
        for (String line : lines) {
            String[] f = BLANKS.split(line.trim());
            if (f.length < 14) {
                continue;
            }
            if (!DEVICE.matcher(f[2]).matches()) {
                continue;
            }
            try {
                stats.put("/dev/" + f[2], new DiskStats(f[2], Integer.parseInt(f[0]), Integer.parseInt(f[1]),
                        u(f[3]), u(f[4]), u(f[5]), u(f[6]), u(f[7]), u(f[8]), u(f[9]), u(f[10]), u(f[11]),
                        u(f[12]), u(f[13])));
            } catch (NumberFormatException e) {
                LOG.debugf("diskstats: bad line %s", line);
            }
        }
        return stats;
    }

    private static long u(String field) {
        return Long.parseUnsignedLong(field);
    }
}
