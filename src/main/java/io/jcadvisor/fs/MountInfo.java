package io.jcadvisor.fs;

/**
 * One line of {@code /proc/<pid>/mountinfo}.
 *
 * @param mountId      unique id of the mount
 * @param parentId     id of the parent mount
 * @param major        st_dev major of the filesystem
 * @param minor        st_dev minor
 * @param root         path inside the filesystem that is mounted
 * @param mountPoint   where it is mounted (octal escapes decoded)
 * @param options      per-mount options ({@code rw,relatime})
 * @param fsType       filesystem type ({@code ext4}, {@code cgroup}, {@code cgroup2}, …)
 * @param source       mount source ({@code /dev/vda1}, {@code cgroup}, {@code overlay})
 * @param superOptions per-superblock options; for cgroup v1 they name the controllers
 */
public record MountInfo(int mountId, int parentId, int major, int minor, String root, String mountPoint,
        String options, String fsType, String source, String superOptions) {
}
