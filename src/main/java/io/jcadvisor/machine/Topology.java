package io.jcadvisor.machine;

import io.jcadvisor.info.v1.Node;

import java.util.List;

/**
 * CPU and NUMA topology from sysfs.
 *
 * @param nodes         NUMA nodes (or, without node dirs, one per physical package)
 * @param numCores      online logical CPUs placed in {@code nodes}: upstream {@code num_cores}
 * @param physicalCores distinct (core_id, physical_package_id) pairs of online CPUs: the fallback
 *                      of {@code num_physical_cores} when cpuinfo has no {@code core id}
 * @param sockets       distinct {@code physical_package_id} of online CPUs: fallback of {@code num_sockets}
 * @param books         distinct {@code book_id} (s390x), 0 elsewhere
 * @param drawers       distinct {@code drawer_id} (s390x), 0 elsewhere
 */
public record Topology(List<Node> nodes, int numCores, int physicalCores, int sockets, int books, int drawers) {
}
