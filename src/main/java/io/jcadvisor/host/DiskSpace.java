package io.jcadvisor.host;

/**
 * What {@code statvfs(3)} says of the filesystem holding a host directory, in bytes.
 *
 * @param total     capacity ({@code f_blocks × f_frsize})
 * @param free      free blocks, the root-reserved ones included ({@code f_bfree})
 * @param available free blocks an unprivileged user may take ({@code f_bavail})
 */
public record DiskSpace(long total, long free, long available) {
}
