package io.jcadvisor.machine;

import org.jboss.logging.Logger;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/** Parses {@code /proc/cpuinfo} ({@code key : value} lines, one block per logical CPU); pure, no I/O. */
public final class CpuInfoParser {

    private static final Logger LOG = Logger.getLogger(CpuInfoParser.class);

    private CpuInfoParser() {
    }

    /**
     * Counts distinct {@code core id}, {@code physical id}, {@code book id} and {@code drawer id}
     * strings over the whole file. Upstream compares the raw strings, so on a multi-socket host the
     * same core id on two sockets counts once; we keep that so {@code num_physical_cores} matches.
     */
    public static CpuInfo parse(List<String> lines) {
        String vendor = null;
        Double mhz = null;
        Set<String> coreIds = new HashSet<>();
        Set<String> physicalIds = new HashSet<>();
        Set<String> bookIds = new HashSet<>();
        Set<String> drawerIds = new HashSet<>();
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            switch (key) {
                case "vendor_id" -> {
                    if (vendor == null && !value.isEmpty()) {
                        vendor = value;
                    }
                }
                case "core id" -> coreIds.add(value);
                case "physical id" -> physicalIds.add(value);
                case "book id" -> bookIds.add(value);
                case "drawer id" -> drawerIds.add(value);
                case "cpu MHz", "clock" -> {
                    if (mhz == null) {
                        mhz = parseMhz(value);
                    }
                }
                default -> {
                }
            }
        }
        return new CpuInfo(Optional.ofNullable(vendor), coreIds.size(), physicalIds.size(), bookIds.size(),
                drawerIds.size(), mhz == null ? OptionalDouble.empty() : OptionalDouble.of(mhz));
    }

    /** {@code 2596.148} (x86) or {@code 2900.000000MHz} (ppc64): the leading decimal number, else null. */
    static Double parseMhz(String value) {
        int end = 0;
        while (end < value.length() && (Character.isDigit(value.charAt(end)) || value.charAt(end) == '.')) {
            end++;
        }
        if (end == 0) {
            LOG.debugf("cpuinfo: unparsable clock %s", value);
            return null;
        }
        try {
            return Double.parseDouble(value.substring(0, end));
        } catch (NumberFormatException e) {
            LOG.debugf("cpuinfo: unparsable clock %s", value);
            return null;
        }
    }
}
