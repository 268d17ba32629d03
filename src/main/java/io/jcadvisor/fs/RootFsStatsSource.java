package io.jcadvisor.fs;

import io.jcadvisor.info.v1.FsStats;

import java.util.List;

/**
 * Filesystem usage and disk I/O of the machine's partitions: the {@code filesystem} list of the
 * root container's samples (statfs of each mount, counters from {@code /proc/diskstats}).
 */
public interface RootFsStatsSource {

    /** One entry per partition known to the filesystem layer; cheap enough to call per sample. */
    List<FsStats> rootFsStats();
}
