package io.jcadvisor.fs;

/**
 * One line of {@code /proc/diskstats}: the 11 classic counters (kernel Documentation/admin-guide/iostats).
 * Times are milliseconds; counts are cumulative since boot, uint64 held in longs.
 */
public record DiskStats(String name, int major, int minor, long readsCompleted, long readsMerged,
        long sectorsRead, long readTime, long writesCompleted, long writesMerged, long sectorsWritten,
        long writeTime, long ioInProgress, long ioTime, long weightedIoTime) {

    /** All counters zero: what a filesystem without a matching diskstats line reports. */
    public static DiskStats none(String name) {
        return new DiskStats(name, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }
}
