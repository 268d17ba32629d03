package io.jcadvisor.api;

import io.jcadvisor.fs.Partition;
import io.jcadvisor.info.v1.FsStats;
import io.jcadvisor.info.v2.FsInfo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code storage} endpoint as a pure function: the filesystem entries of the root container's
 * latest sample, joined by device with the filesystem layer's partitions (mountpoint, labels, UUID).
 */
public final class StorageQuery {

    private StorageQuery() {
    }

    /** Every filesystem of the sample, in the sample's order. */
    public static List<FsInfo> all(Instant timestamp, List<FsStats> filesystems, List<Partition> partitions) {
        List<FsInfo> result = new ArrayList<>(filesystems.size());
        for (FsStats fs : filesystems) {
            result.add(fsInfo(timestamp, fs, partitionOf(fs.device(), partitions)));
        }
        return result;
    }

    /**
     * Only the device carrying {@code label} ({@code root}, {@code docker-images}, …).
     *
     * @throws ApiError 404 {@code non-existent label "x"} when no partition carries it
     */
    public static List<FsInfo> byLabel(String label, Instant timestamp, List<FsStats> filesystems,
            List<Partition> partitions) {
        Partition partition = partitions.stream().filter(p -> p.labels().contains(label)).findFirst()
                .orElseThrow(() -> ApiError.notFound("non-existent label \"" + label + "\""));
        List<FsInfo> result = new ArrayList<>(1);
        for (FsStats fs : filesystems) {
            if (partition.device().equals(fs.device())) {
                result.add(fsInfo(timestamp, fs, Optional.of(partition)));
            }
        }
        return result;
    }

    /**
     * The one device with filesystem UUID {@code uuid}: a single object, as upstream answers.
     *
     * @throws ApiError 404 when no partition has that UUID or the sample has no entry for it
     */
    public static FsInfo byUuid(String uuid, Instant timestamp, List<FsStats> filesystems, List<Partition> partitions) {
        Partition partition = partitions.stream().filter(p -> p.uuid().filter(uuid::equals).isPresent()).findFirst()
                .orElseThrow(() -> ApiError.notFound("no filesystem with UUID \"" + uuid + "\""));
        for (FsStats fs : filesystems) {
            if (partition.device().equals(fs.device())) {
                return fsInfo(timestamp, fs, Optional.of(partition));
            }
        }
        throw ApiError.notFound("no usage known yet for device \"" + partition.device() + "\" (UUID \"" + uuid + "\")");
    }

    private static Optional<Partition> partitionOf(String device, List<Partition> partitions) {
        return partitions.stream().filter(p -> p.device().equals(device)).findFirst();
    }

    private static FsInfo fsInfo(Instant timestamp, FsStats fs, Optional<Partition> partition) {
        List<String> labels = partition.map(p -> p.labels().stream().sorted().toList()).orElse(List.of());
        return new FsInfo(timestamp, fs.device() == null ? "" : fs.device(),
                partition.map(Partition::mountpoint).orElse(""),
                fs.capacity(), fs.available(), fs.usage(), labels,
                fs.hasInodes() ? fs.inodes() : null,
                fs.hasInodes() ? fs.inodesFree() : null);
    }
}
