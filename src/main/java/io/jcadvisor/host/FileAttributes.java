package io.jcadvisor.host;

import java.time.Instant;

/**
 * What {@code stat(2)} says of one host file, as {@link HostFs#stat}, {@link HostFs#lstat} and
 * {@link HostFs#walkTree} report it.
 *
 * @param kind         directory, regular file, symbolic link or other (device, FIFO, socket)
 * @param device       {@code st_dev}: the filesystem's device number (glibc encoding)
 * @param rdev         {@code st_rdev}: the device a device node stands for, else 0
 * @param inode        {@code st_ino}
 * @param links        {@code st_nlink}
 * @param size         {@code st_size} in bytes (a symbolic link: the length of its target)
 * @param lastModified {@code st_mtime}
 */
public record FileAttributes(Kind kind, long device, long rdev, long inode, int links, long size,
        Instant lastModified) {

    /** The file types the agent tells apart. */
    public enum Kind {
        DIRECTORY, REGULAR, SYMLINK, OTHER
    }

    /** From the {@code st_mode} file type bits ({@code S_IFMT}). */
    static Kind kindOf(int mode) {
        return switch (mode & 0170000) {
            case 0040000 -> Kind.DIRECTORY;
            case 0100000 -> Kind.REGULAR;
            case 0120000 -> Kind.SYMLINK;
            default -> Kind.OTHER;
        };
    }
}
