package io.jcadvisor.fs;

/**
 * Inode counts of one filesystem ({@code statfs} {@code f_files} and {@code f_ffree}).
 *
 * @param total inodes the filesystem has
 * @param free  inodes not in use
 */
public record InodeCounts(long total, long free) {
}
