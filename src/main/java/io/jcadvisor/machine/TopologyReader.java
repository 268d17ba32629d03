package io.jcadvisor.machine;

import io.jcadvisor.host.HostFacts;
import io.jcadvisor.host.HostFs;
import io.jcadvisor.info.v1.Cache;
import io.jcadvisor.info.v1.Core;
import io.jcadvisor.info.v1.HugePagesInfo;
import io.jcadvisor.info.v1.Node;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads the CPU/NUMA topology from {@code /sys/devices/system/{cpu,node}} through {@link HostFs}.
 *
 * <p>Nodes are {@code node<N>} dirs; a node's CPUs are its {@code cpu<M>} links, or, when the tree
 * has none (a capture made with {@code cat}), its {@code cpulist}; only CPUs listed in
 * {@code cpu/online} count (file absent: all). CPUs with the same (core_id, physical_package_id)
 * are one core. Caches come from the first thread of each core, sorted as upstream does: level ≤ 2
 * shared by exactly the core's threads → core cache; level &gt; 2 shared by every thread of the node
 * → node cache (once); other level &gt; 2 → the core's uncore cache; anything else is ignored.
 * Nodes and cores are listed in numeric order (upstream's glob gives {@code cpu10} before
 * {@code cpu2}; no client depends on that order).
 */
public final class TopologyReader {

    private static final Logger LOG = Logger.getLogger(TopologyReader.class);

    static final String CPU_DIR = "/sys/devices/system/cpu";
    static final String NODE_DIR = "/sys/devices/system/node";

    private final HostFs hostFs;

    public TopologyReader(HostFs hostFs) {
        this.hostFs = hostFs;
    }

    /** One CPU's place: ids from {@code cpu<N>/topology/}. */
    record CpuPlace(int cpu, int coreId, int packageId, int bookId, int drawerId) {
    }

    public Topology read() {
        Set<Integer> online = onlineCpus();
        List<CpuPlace> allOnline = new ArrayList<>();
        for (int cpu : numbered(CPU_DIR, "cpu")) {
            if (online == null || online.contains(cpu)) {
                allOnline.add(place(cpu));
            }
        }

        List<Node> nodes = new ArrayList<>();
        List<Integer> nodeIds = numbered(NODE_DIR, "node");
        if (nodeIds.isEmpty()) {
            // No NUMA in sysfs (CONFIG_NUMA off): one node per physical package, without memory.
            Map<Integer, List<CpuPlace>> byPackage = new TreeMap<>();
            for (CpuPlace place : allOnline) {
                byPackage.computeIfAbsent(place.packageId(), k -> new ArrayList<>()).add(place);
            }
            byPackage.forEach((packageId, places) ->
                    nodes.add(node(packageId, places, 0, List.of(), List.of())));
        } else {
            for (int nodeId : nodeIds) {
                String dir = NODE_DIR + "/node" + nodeId;
                List<Integer> cpus = numbered(dir, "cpu");
                if (cpus.isEmpty()) {
                    cpus = hostFs.readString(dir + "/cpulist").flatMap(SysfsParser::cpuList).orElse(List.of());
                }
                List<CpuPlace> places = new ArrayList<>();
                for (int cpu : cpus) {
                    if (online == null || online.contains(cpu)) {
                        places.add(place(cpu));
                    }
                }
                if (places.isEmpty()) {
                    LOG.debugf("NUMA node %d has no online CPU", nodeId);
                }
                long memory = MemInfoParser.parse(hostFs.readLines(dir + "/meminfo")).bytes("MemTotal").orElse(0);
                List<Long> distances = hostFs.readString(dir + "/distance").flatMap(SysfsParser::distances)
                        .orElse(List.of());
                nodes.add(node(nodeId, places, memory, hugePages(hostFs, dir + "/hugepages"), distances));
            }
        }

        int numCores = 0;
        for (Node node : nodes) {
            for (Core core : node.cores() == null ? List.<Core>of() : node.cores()) {
                numCores += core.threadIds().size();
            }
        }
        Set<List<Integer>> physical = new HashSet<>();
        Set<Integer> sockets = new HashSet<>();
        Set<Integer> books = new HashSet<>();
        Set<Integer> drawers = new HashSet<>();
        for (CpuPlace place : allOnline) {
            physical.add(List.of(place.coreId(), place.packageId()));
            sockets.add(place.packageId());
            if (place.bookId() >= 0) {
                books.add(place.bookId());
            }
            if (place.drawerId() >= 0) {
                drawers.add(place.drawerId());
            }
        }
        return new Topology(List.copyOf(nodes), numCores, physical.size(), sockets.size(), books.size(),
                drawers.size());
    }

    /**
     * Hugepage pools under a {@code hugepages} dir ({@code hugepages-2048kB/nr_hugepages}), in name
     * order as upstream lists them; empty when the dir is missing (hugepages compiled out).
     */
    public static List<HugePagesInfo> hugePages(HostFs hostFs, String dir) {
        List<HugePagesInfo> pools = new ArrayList<>();
        for (String name : hostFs.list(dir)) {
            OptionalLong size = HostFacts.hugepageSizeKb(name);
            if (size.isEmpty()) {
                continue;
            }
            OptionalLong count = hostFs.readString(dir + "/" + name + "/nr_hugepages")
                    .map(SysfsParser::unsignedValue).orElse(OptionalLong.empty());
            if (size.isPresent() && count.isPresent()) {
                pools.add(new HugePagesInfo(size.getAsLong(), count.getAsLong()));
            }
        }
        return List.copyOf(pools);
    }

    /** Online CPUs from {@code cpu/online}, or null when the file is absent or garbage (all online). */
    private Set<Integer> onlineCpus() {
        Optional<List<Integer>> online = hostFs.readString(CPU_DIR + "/online").flatMap(SysfsParser::cpuList);
        return online.<Set<Integer>>map(HashSet::new).orElse(null);
    }

    private CpuPlace place(int cpu) {
        String dir = CPU_DIR + "/cpu" + cpu + "/topology/";
        // A CPU without a readable core_id is its own core, so it still counts in num_cores.
        int coreId = readInt(dir + "core_id").orElse(cpu);
        int packageId = readInt(dir + "physical_package_id").orElse(0);
        int bookId = readInt(dir + "book_id").orElse(-1);
        int drawerId = readInt(dir + "drawer_id").orElse(-1);
        return new CpuPlace(cpu, coreId, packageId, bookId, drawerId);
    }

    private Node node(int nodeId, List<CpuPlace> places, long memory, List<HugePagesInfo> hugePages,
            List<Long> distances) {
        Map<List<Integer>, List<CpuPlace>> byCore = new LinkedHashMap<>();
        for (CpuPlace place : places) {
            byCore.computeIfAbsent(List.of(place.coreId(), place.packageId()), k -> new ArrayList<>()).add(place);
        }
        int numCoresInNode = byCore.size();
        List<Cache> nodeCaches = new ArrayList<>();
        List<Core> cores = new ArrayList<>();
        for (List<CpuPlace> threads : byCore.values()) {
            CpuPlace first = threads.get(0);
            List<Integer> threadIds = threads.stream().map(CpuPlace::cpu).toList();
            List<Cache> coreCaches = new ArrayList<>();
            List<Cache> uncoreCaches = new ArrayList<>();
            // Upstream sizes the node from this core's thread count: cores × threads of this core.
            int threadsPerNode = numCoresInNode * threads.size();
            for (CacheEntry entry : caches(first.cpu())) {
                if (entry.cache().level() > 2) {
                    List<Cache> target = entry.cpus() == threadsPerNode ? nodeCaches : uncoreCaches;
                    if (!target.contains(entry.cache())) {
                        target.add(entry.cache());
                    }
                } else if (entry.cpus() == threads.size()) {
                    coreCaches.add(entry.cache());
                }
            }
            cores.add(new Core(first.coreId(), threadIds, nullIfEmpty(coreCaches), nullIfEmpty(uncoreCaches),
                    first.packageId(), Math.max(first.bookId(), 0), Math.max(first.drawerId(), 0)));
        }
        return new Node(nodeId, memory, hugePages, nullIfEmpty(cores), nullIfEmpty(nodeCaches), distances);
    }

    /**
     * Upstream builds these lists by appending to a nil slice, so one with nothing in it is JSON
     * {@code null}, not {@code []}: a memory-only node has {@code "cores": null}, most cores
     * {@code "uncore_caches": null}.
     */
    private static <T> List<T> nullIfEmpty(List<T> list) {
        return list.isEmpty() ? null : List.copyOf(list);
    }

    /** A cache of a CPU and how many CPUs share it. */
    record CacheEntry(Cache cache, int cpus) {
    }

    private List<CacheEntry> caches(int cpu) {
        String dir = CPU_DIR + "/cpu" + cpu + "/cache";
        List<CacheEntry> entries = new ArrayList<>();
        for (int index : numbered(dir, "index")) {
            String indexDir = dir + "/index" + index + "/";
            OptionalLong size = hostFs.readString(indexDir + "size").map(SysfsParser::cacheSize)
                    .orElse(OptionalLong.empty());
            OptionalInt level = readInt(indexDir + "level");
            Optional<String> type = hostFs.readString(indexDir + "type").map(String::trim).filter(s -> !s.isEmpty());
            OptionalInt cpus = hostFs.readString(indexDir + "shared_cpu_map").map(SysfsParser::maskCount)
                    .orElse(OptionalInt.empty());
            if (size.isEmpty() || level.isEmpty() || type.isEmpty() || cpus.isEmpty()) {
                // Some arm64 guests expose partial cache dirs; upstream ignores cache errors too.
                LOG.debugf("incomplete cache info in %s", indexDir);
                continue;
            }
            // Kernels before 4.10 and some architectures have no cache "id" file; the Go zero value shows then.
            int id = readInt(indexDir + "id").orElse(0);
            entries.add(new CacheEntry(new Cache(id, size.getAsLong(), type.get(), level.getAsInt()),
                    cpus.getAsInt()));
        }
        return entries;
    }

    private OptionalInt readInt(String hostPath) {
        return hostFs.readString(hostPath).map(SysfsParser::intValue).orElse(OptionalInt.empty());
    }

    /** Numbers N of the entries {@code <prefix>N} of a dir, ascending. */
    private List<Integer> numbered(String dir, String prefix) {
        List<Integer> numbers = new ArrayList<>();
        for (String name : hostFs.list(dir)) {
            int n = SysfsParser.indexAfter(name, prefix);
            if (n >= 0) {
                numbers.add(n);
            }
        }
        numbers.sort(null);
        return numbers;
    }
}
