package io.jcadvisor.metrics;

import io.jcadvisor.config.MetricKind;
import io.jcadvisor.info.v1.Cache;
import io.jcadvisor.info.v1.Core;
import io.jcadvisor.info.v1.HugePagesInfo;
import io.jcadvisor.info.v1.MachineInfo;
import io.jcadvisor.info.v1.MemoryInfo;
import io.jcadvisor.info.v1.Node;
import io.jcadvisor.info.v1.NvmInfo;
import io.prometheus.client.Collector;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.Collector.MetricFamilySamples.Sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code machine_*} families (docs/metrics.md §6, upstream {@code PrometheusMachineCollector}): base
 * labels {@code machine_id}, {@code system_uuid}, {@code boot_id}, timestamp of the machine-info
 * snapshot. Topology families only with the {@code cpu_topology} group.
 */
final class MachineMetrics {

    private static final String[] BASE = {"boot_id", "machine_id", "system_uuid"};

    private MachineMetrics() {
    }

    /** Every machine family that has at least one series, unordered. */
    static List<MetricFamilySamples> collect(MachineInfo m, Set<MetricKind> enabled) {
        String[] base = {nz(m.bootId()), nz(m.machineId()), nz(m.systemUuid())};
        Long ts = m.timestamp() == null ? null : m.timestamp().toEpochMilli();
        List<MetricFamilySamples> out = new ArrayList<>();
        Family f;

        f = new Family("machine_cpu_physical_cores", "Number of physical CPU cores.", base, ts);
        out.add(f.add(m.numPhysicalCores()).done());
        f = new Family("machine_cpu_cores", "Number of logical CPU cores.", base, ts);
        out.add(f.add(m.numCores()).done());
        f = new Family("machine_cpu_sockets", "Number of CPU sockets.", base, ts);
        out.add(f.add(m.numSockets()).done());
        f = new Family("machine_cpu_books", "Number of CPU books.", base, ts);
        out.add(f.add(m.numBooks()).done());
        f = new Family("machine_cpu_drawers", "Number of CPU drawers.", base, ts);
        out.add(f.add(m.numDrawers()).done());
        f = new Family("machine_memory_bytes", "Amount of memory installed on the machine.", base, ts);
        out.add(f.add(ContainerMetrics.u(m.memoryCapacity())).done());
        f = new Family("machine_swap_bytes", "Amount of swap memory available on the machine.", base, ts);
        out.add(f.add(ContainerMetrics.u(m.swapCapacity())).done());

        Map<String, MemoryInfo> byType = m.memoryByType() == null ? Map.of() : new TreeMap<>(m.memoryByType());
        Family count = new Family("machine_dimm_count",
                "Number of RAM DIMM (all types memory modules) value labeled by dimm type.", base, ts, "type");
        Family capacity = new Family("machine_dimm_capacity_bytes",
                "Total RAM DIMM capacity (all types memory modules) value labeled by dimm type.", base, ts, "type");
        for (Map.Entry<String, MemoryInfo> e : byType.entrySet()) {
            count.add(ContainerMetrics.u(e.getValue().dimmCount()), e.getKey());
            capacity.add(ContainerMetrics.u(e.getValue().capacity()), e.getKey());
        }
        out.add(count.done());
        out.add(capacity.done());

        NvmInfo nvm = m.nvm() == null ? NvmInfo.NONE : m.nvm();
        f = new Family("machine_nvm_capacity",
                "NVM capacity value labeled by NVM mode (memory mode or app direct mode).", base, ts, "mode");
        f.add(ContainerMetrics.u(nvm.memoryModeCapacity()), "memory_mode");
        f.add(ContainerMetrics.u(nvm.appDirectModeCapacity()), "app_direct_mode");
        out.add(f.done());
        f = new Family("machine_nvm_avg_power_budget_watts", "NVM power budget.", base, ts);
        out.add(f.add(ContainerMetrics.u(nvm.avgPowerBudget())).done());

        if (enabled.contains(MetricKind.CPU_TOPOLOGY)) {
            topology(m, base, ts, out);
        }
        out.removeIf(family -> family == null);
        return out;
    }

    private static void topology(MachineInfo m, String[] base, Long ts, List<MetricFamilySamples> out) {
        List<Node> nodes = m.topology() == null ? List.of() : m.topology();
        Family caches = new Family("machine_cpu_cache_capacity_bytes",
                "Cache size in bytes assigned to NUMA node and CPU core.", base, ts, "node_id", "core_id", "type",
                "level");
        Family siblings = new Family("machine_thread_siblings_count", "Number of CPU thread siblings.", base, ts,
                "node_id", "core_id", "thread_id");
        Family memory = new Family("machine_node_memory_capacity_bytes", "Amount of memory assigned to NUMA node.",
                base, ts, "node_id");
        // Upstream's help text has this typo ("Numer").
        Family hugepages = new Family("machine_node_hugepages_count", "Numer of hugepages assigned to NUMA node.",
                base, ts, "node_id", "page_size");
        Family distance = new Family("machine_node_distance", "Distance between NUMA node and target NUMA node.",
                base, ts, "node_id", "target_node_id");
        for (Node node : nodes) {
            String nodeId = Integer.toString(node.nodeId());
            for (Core core : node.cores() == null ? List.<Core>of() : node.cores()) {
                String coreId = Integer.toString(core.coreId());
                List<Integer> threads = core.threadIds() == null ? List.of() : core.threadIds();
                for (Cache c : concat(core.caches(), core.uncoreCaches())) {
                    caches.add(c.size(), nodeId, coreId, nz(c.type()), Integer.toString(c.level()));
                }
                for (Integer thread : threads) {
                    siblings.add(threads.size(), nodeId, coreId, Integer.toString(thread));
                }
            }
            for (Cache c : node.caches() == null ? List.<Cache>of() : node.caches()) {
                caches.add(c.size(), nodeId, "", nz(c.type()), Integer.toString(c.level()));
            }
            memory.add(ContainerMetrics.u(node.memory()), nodeId);
            for (HugePagesInfo h : node.hugepages() == null ? List.<HugePagesInfo>of() : node.hugepages()) {
                hugepages.add(ContainerMetrics.u(h.numPages()), nodeId, Long.toUnsignedString(h.pageSize()));
            }
            List<Long> distances = node.distances() == null ? List.of() : node.distances();
            for (int i = 0; i < distances.size(); i++) {
                distance.add(distances.get(i), nodeId, Integer.toString(i));
            }
        }
        out.add(caches.done());
        out.add(siblings.done());
        out.add(memory.done());
        out.add(hugepages.done());
        out.add(distance.done());
    }

    private static List<Cache> concat(List<Cache> a, List<Cache> b) {
        List<Cache> all = new ArrayList<>();
        if (a != null) {
            all.addAll(a);
        }
        if (b != null) {
            all.addAll(b);
        }
        return all;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** Collects the gauge samples of one machine family. */
    private static final class Family {
        private final String name;
        private final String help;
        private final String[] base;
        private final Long ts;
        private final LabelLayout layout;
        private final List<Sample> samples = new ArrayList<>();

        Family(String name, String help, String[] base, Long ts, String... extra) {
            this.name = name;
            this.help = help;
            this.base = base;
            this.ts = ts;
            this.layout = LabelLayout.of(BASE, List.of(extra));
        }

        Family add(double value, String... extra) {
            samples.add(new Sample(name, layout.names, new LabelValues(layout.order, base, null, extra), value, ts));
            return this;
        }

        MetricFamilySamples done() {
            return samples.isEmpty() ? null : new MetricFamilySamples(name, Collector.Type.GAUGE, help, samples);
        }
    }
}
