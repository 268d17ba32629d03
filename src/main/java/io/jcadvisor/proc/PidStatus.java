package io.jcadvisor.proc;

import java.util.OptionalLong;

/**
 * The fields of {@code /proc/<pid>/status} that the process listing needs. Kernel threads have no
 * {@code Vm*} lines; their sizes are 0, as {@code ps} shows them.
 *
 * @param effectiveUid second value of the {@code Uid:} line; empty when missing
 * @param vmRssKib resident set size in KiB ({@code VmRSS}, what {@code ps} shows as RSS)
 * @param vmSizeKib virtual size in KiB ({@code VmSize}, {@code ps} VSZ)
 * @param vmLockedKib locked memory in KiB ({@code VmLck}, {@code ps} STAT flag {@code L})
 */
public record PidStatus(OptionalLong effectiveUid, long vmRssKib, long vmSizeKib, long vmLockedKib) {
}
