package io.jcadvisor.fs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Picks the filesystems the filesystem layer knows from the mount table (docs/data-sources.md §5); pure.
 *
 * <p>Rules: keep mounts whose type a statfs plugin handles ({@link #isKept}); a second mount of the
 * same source is a bind mount and is skipped, except tmpfs (each tmpfs is its own filesystem); the
 * mount at {@code /} is always kept. Device strings: the mount source, a tmpfs's mountpoint,
 * {@code overlay_<major>-<minor>} for overlay. Labels: {@code root} for {@code /}, and
 * {@code docker-images} for the deepest mount among the Docker root, its ancestors and its
 * storage-driver dirs.
 *
 * <p>Upstream labels a device by the raw mount source, so an overlay or tmpfs root loses its
 * label; we label by device string, so {@code /storage?label=root} finds it. Device-mapper thin
 * pools (Docker devicemapper) are not modelled: that driver is deprecated.
 */
public final class PartitionParser {

    /** Label of the filesystem mounted at {@code /}. */
    public static final String LABEL_ROOT = "root";
    /** Label of the filesystem holding Docker's images. */
    public static final String LABEL_DOCKER_IMAGES = "docker-images";

    private static final Set<String> KEPT_TYPES = Set.of("xfs", "squashfs", "f2fs", "jfs", "reiserfs", "hfs",
            "hfsplus", "ntfs", "vfat", "fat", "msdos", "exfat", "udf", "iso9660", "tmpfs", "overlay", "btrfs",
            "zfs");

    private static final List<String> DOCKER_DRIVER_DIRS = List.of("devicemapper", "btrfs", "aufs", "overlay",
            "overlay2", "zfs");

    private PartitionParser() {
    }

    /** Whether a statfs plugin handles this fs type ({@code ext*}, {@code nfs*} and the fixed set). */
    public static boolean isKept(String fsType) {
        return fsType.startsWith("ext") || fsType.startsWith("nfs") || KEPT_TYPES.contains(fsType);
    }

    /** The device string of a mount as the filesystem layer names it. */
    public static String deviceOf(MountInfo mount) {
        return switch (mount.fsType()) {
            case "tmpfs" -> mount.mountPoint();
            // Every overlay mount has source "overlay": make each unique.
            case "overlay" -> mount.source() + "_" + mount.major() + "-" + mount.minor();
            default -> mount.source();
        };
    }

    /**
     * The partitions of a mount table, in mount order.
     *
     * @param mounts       parsed mountinfo, in file order
     * @param dockerRoot   Docker's storage root ({@code /var/lib/docker})
     * @param uuidByDevice filesystem UUIDs by device path ({@code /dev/vda1} → uuid), may be empty
     */
    public static List<Partition> partitions(List<MountInfo> mounts, String dockerRoot,
            Map<String, String> uuidByDevice) {
        String root = trimSlash(dockerRoot);
        // Docker devicemapper container mounts are tracked by the thin-pool watcher upstream, never here.
        String excluded = root + "/devicemapper/mnt";
        Map<String, MountInfo> byDevice = new LinkedHashMap<>();
        for (MountInfo mount : mounts) {
            if (!isKept(mount.fsType()) && !mount.mountPoint().equals("/")) {
                continue;
            }
            if (byDevice.containsKey(mount.source()) && !mount.fsType().equals("tmpfs")) {
                continue;
            }
            if (mount.mountPoint().startsWith(excluded)) {
                continue;
            }
            byDevice.put(deviceOf(mount), mount);
        }

        Map<String, Set<String>> labels = new LinkedHashMap<>();
        rootMount(mounts).ifPresent(m -> labels.computeIfAbsent(deviceOf(m), k -> new LinkedHashSet<>())
                .add(LABEL_ROOT));
        deepestMount(mounts, dockerImagePaths(root)).ifPresent(m ->
                labels.computeIfAbsent(deviceOf(m), k -> new LinkedHashSet<>()).add(LABEL_DOCKER_IMAGES));

        List<Partition> partitions = new ArrayList<>(byDevice.size());
        byDevice.forEach((device, mount) -> partitions.add(new Partition(device, mount.mountPoint(),
                mount.fsType(), mount.major(), mount.minor(),
                Collections.unmodifiableSet(labels.getOrDefault(device, new LinkedHashSet<>())),
                Optional.ofNullable(uuidByDevice.get(device)))));
        return List.copyOf(partitions);
    }

    /** The mount at {@code /} that is visible: the last one in mount order. */
    private static Optional<MountInfo> rootMount(List<MountInfo> mounts) {
        MountInfo found = null;
        for (MountInfo mount : mounts) {
            if (mount.mountPoint().equals("/")) {
                found = mount;
            }
        }
        return Optional.ofNullable(found);
    }

    /** The mount with the longest mountpoint among the candidates; the first one on a tie. */
    private static Optional<MountInfo> deepestMount(List<MountInfo> mounts, Set<String> candidates) {
        MountInfo found = null;
        for (MountInfo mount : mounts) {
            if (candidates.contains(mount.mountPoint())
                    && (found == null || found.mountPoint().length() < mount.mountPoint().length())) {
                found = mount;
            }
        }
        return Optional.ofNullable(found);
    }

    /** Docker's root, each ancestor up to {@code /}, and the storage-driver dirs below the root. */
    static Set<String> dockerImagePaths(String dockerRoot) {
        Set<String> paths = new HashSet<>();
        for (String driver : DOCKER_DRIVER_DIRS) {
            paths.add(dockerRoot + "/" + driver);
        }
        String path = dockerRoot;
        while (!path.isEmpty()) {
            paths.add(path);
            path = path.substring(0, path.lastIndexOf('/'));
        }
        paths.add("/");
        return paths;
    }

    private static String trimSlash(String path) {
        String p = path;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.equals("/") ? "" : p;
    }
}
