package io.jcadvisor.proc;

/**
 * Open file descriptors summed over a set of processes ({@code ProcessStats.fd_count} and
 * {@code socket_count}).
 *
 * @param fds entries of {@code /proc/<pid>/fd}
 * @param sockets those whose link target starts with {@code socket} ({@code socket:[inode]})
 */
public record FdCounts(long fds, long sockets) {
    public static final FdCounts ZERO = new FdCounts(0, 0);
}
