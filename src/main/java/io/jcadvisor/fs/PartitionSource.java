package io.jcadvisor.fs;

import java.util.List;

/** The machine's partitions as the filesystem layer knows them (mountinfo, refreshed with machine info). */
public interface PartitionSource {

    List<Partition> partitions();
}
