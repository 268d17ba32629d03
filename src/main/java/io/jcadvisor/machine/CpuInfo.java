package io.jcadvisor.machine;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What machine info takes from {@code /proc/cpuinfo}.
 *
 * @param vendorId      first {@code vendor_id} value ({@code GenuineIntel}, {@code AuthenticAMD})
 * @param physicalCores distinct {@code core id} values over the whole file; 0 when the file has none
 *                      (arm, s390x): the caller then counts from sysfs
 * @param sockets       distinct {@code physical id} values; 0 when none
 * @param books         distinct {@code book id} values (s390x only); 0 elsewhere
 * @param drawers       distinct {@code drawer id} values (s390x only); 0 elsewhere
 * @param firstMhz      first {@code cpu MHz} (x86) or {@code clock} (ppc64) value, in MHz
 */
public record CpuInfo(Optional<String> vendorId, int physicalCores, int sockets, int books, int drawers,
        OptionalDouble firstMhz) {

    public static final CpuInfo EMPTY = new CpuInfo(Optional.empty(), 0, 0, 0, 0, OptionalDouble.empty());
}
