package io.jcadvisor.fs;

import java.util.Optional;
import java.util.Set;

/**
 * A filesystem known to the filesystem layer (from mountinfo): what {@code storage} and the
 * root container's {@code filesystem} list are built from.
 *
 * @param device     block device or mount source ({@code /dev/vda1}; tmpfs: the mountpoint)
 * @param mountpoint host path of the mount
 * @param type       filesystem type as mountinfo says it ({@code ext4}, {@code tmpfs}, …)
 * @param major      device major number
 * @param minor      device minor number
 * @param labels     upstream labels: {@code root}, {@code docker-images}, …
 * @param uuid       filesystem UUID from {@code /dev/disk/by-uuid}, when known
 */
public record Partition(String device, String mountpoint, String type, int major, int minor, Set<String> labels,
        Optional<String> uuid) {
}
