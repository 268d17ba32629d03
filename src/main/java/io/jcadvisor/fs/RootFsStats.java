package io.jcadvisor.fs;

import io.jcadvisor.host.HostFs;
import io.jcadvisor.info.v1.FsStats;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The root container's {@code filesystem} list: one {@link FsStats} per partition of
 * {@link PartitionSource}, with statfs usage ({@link FsUsageReader}: bounded, cached a few
 * seconds) and the 11 counters of {@code /proc/diskstats} (read fresh on each call, so rates stay
 * exact), matched by device path, else by major:minor.
 *
 * <p>Type is {@code vfs} (upstream's generic statfs plugin) when the mountpoint exists; a
 * mountpoint missing under the host root gives type {@code ""} and zero usage, as upstream shows
 * overlay pseudo-devices. Inode counts come from {@link InodeCountsReader} (a {@code stat -f} child,
 * refreshed every minute); a filesystem without them has {@code has_inodes=false} and zero counts.
 * A filesystem whose statfs hangs and never answered is left out.
 */
@ApplicationScoped
public class RootFsStats implements RootFsStatsSource {

    /** Type of a filesystem measured by plain statfs, as upstream names it. */
    public static final String TYPE_VFS = "vfs";

    private final PartitionSource partitions;
    private final HostFs hostFs;
    private final FsUsageReader usageReader;
    private final InodeCountsReader inodeReader;

    @Inject
    public RootFsStats(PartitionSource partitions, HostFs hostFs, Clock clock) {
        this(partitions, hostFs, new FsUsageReader(hostFs, clock), new InodeCountsReader(hostFs, clock));
    }

    /** For fixture hosts: usage by statfs, inode counts from {@code inodeReader} ({@link InodeCountsReader#NONE}). */
    public RootFsStats(PartitionSource partitions, HostFs hostFs, Clock clock, InodeCountsReader inodeReader) {
        this(partitions, hostFs, new FsUsageReader(hostFs, clock), inodeReader);
    }

    RootFsStats(PartitionSource partitions, HostFs hostFs, FsUsageReader usageReader, InodeCountsReader inodeReader) {
        this.partitions = partitions;
        this.hostFs = hostFs;
        this.usageReader = usageReader;
        this.inodeReader = inodeReader;
    }

    @Override
    public List<FsStats> rootFsStats() {
        List<Partition> known = partitions.partitions();
        List<String> mountpoints = known.stream().map(Partition::mountpoint).toList();
        Map<String, FsUsage> usage = usageReader.usage(mountpoints);
        Map<String, InodeCounts> inodes = inodeReader.counts(mountpoints);
        Map<String, DiskStats> diskStats = DiskStatsParser.parse(hostFs.readLines("/proc/diskstats"));
        List<FsStats> stats = new ArrayList<>(known.size());
        for (Partition partition : known) {
            FsUsage fs = usage.get(partition.mountpoint());
            if (fs == null) {
                continue;
            }
            DiskStats io = diskStatsOf(partition, diskStats);
            InodeCounts counts = fs.exists() ? inodes.get(partition.mountpoint()) : null;
            stats.add(new FsStats(partition.device(), fs.exists() ? TYPE_VFS : "", fs.capacity(),
                    fs.capacity() - fs.free(), 0, fs.available(), counts != null,
                    counts == null ? 0 : counts.total(), counts == null ? 0 : counts.free(),
                    io.readsCompleted(), io.readsMerged(), io.sectorsRead(), io.readTime(), io.writesCompleted(),
                    io.writesMerged(), io.sectorsWritten(), io.writeTime(), io.ioInProgress(), io.ioTime(),
                    io.weightedIoTime()));
        }
        return stats;
    }

    static DiskStats diskStatsOf(Partition partition, Map<String, DiskStats> diskStats) {
        DiskStats byName = diskStats.get(partition.device());
        if (byName != null) {
            return byName;
        }
        for (DiskStats candidate : diskStats.values()) {
            if (candidate.major() == partition.major() && candidate.minor() == partition.minor()) {
                return candidate;
            }
        }
        return DiskStats.none(partition.device());
    }

    @PreDestroy
    void close() {
        usageReader.close();
    }
}
