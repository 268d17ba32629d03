package io.jcadvisor.fs;

/**
 * What statfs says about a mounted filesystem, in bytes.
 *
 * @param exists    false when the mountpoint is missing under the host root (upstream then reports
 *                  the filesystem with an empty type and zeros)
 * @param capacity  {@code f_blocks × f_frsize}
 * @param free      {@code f_bfree × f_frsize} (free for root)
 * @param available {@code f_bavail × f_frsize} (free for unprivileged users)
 */
public record FsUsage(boolean exists, long capacity, long free, long available) {

    public static final FsUsage MISSING = new FsUsage(false, 0, 0, 0);
}
