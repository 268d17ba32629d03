package io.jcadvisor.proc;

/**
 * Open file descriptors summed over a set of processes ({@code ProcessStats.fd_count} and
 * {@code socket_count}).
 *
 * @param fds entries of {@code /proc/<pid>/fd}
 * @param sockets those whose link target starts with {@code socket} ({@code socket:[inode]})
 * @param unreadable live processes whose {@code fd} directory could not be listed (another user's,
 *                   mode 0500, without {@code CAP_DAC_READ_SEARCH}): left out of both counts
 */
public record FdCounts(long fds, long sockets, long unreadable) {
    public static final FdCounts ZERO = new FdCounts(0, 0);

    public FdCounts(long fds, long sockets) {
        this(fds, sockets, 0);
    }
}
