package io.jcadvisor.api;

import io.jcadvisor.container.RuntimeVersion;
import io.jcadvisor.fs.Partition;
import io.jcadvisor.machine.HostVersions;
import io.jcadvisor.fs.PartitionSource;
import io.jcadvisor.info.v1.ContainerInfo;
import io.jcadvisor.info.v1.ContainerReference;
import io.jcadvisor.info.v1.ContainerSpec;
import io.jcadvisor.info.v1.ContainerStats;
import io.jcadvisor.info.v1.FsStats;
import io.jcadvisor.info.v1.MachineInfo;
import io.jcadvisor.info.v1.MetricVal;
import io.jcadvisor.info.v1.MetricValBasic;
import io.jcadvisor.info.v2.Attributes;
import io.jcadvisor.info.v2.DeprecatedContainerStats;
import io.jcadvisor.info.v2.DerivedStats;
import io.jcadvisor.info.v2.MachineStats;
import io.jcadvisor.info.v2.ProcessInfo;
import io.jcadvisor.info.v2.V2Conversions;
import io.jcadvisor.manager.ContainerNotFoundException;
import io.jcadvisor.manager.ContainerQueries;
import io.jcadvisor.manager.ContainerSnapshot;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What each API request type answers, as plain objects for the JSON writer; no HTTP here. Lookups
 * that fail throw {@link ContainerNotFoundException} (404) or {@link ApiError}.
 */
@ApplicationScoped
public class ApiHandlers {

    /** Upstream's docker namespace (the {@code docker} request type and {@code type=docker}). */
    static final String DOCKER = "docker";

    private final ContainerQueries queries;
    private final Instance<PartitionSource> partitions;
    private final Instance<ProcessLister> processLister;
    private final Instance<RuntimeVersion> runtimeVersions;
    private final AgentVersion agentVersion;
    private final HostVersions hostVersions;

    public ApiHandlers(ContainerQueries queries, Instance<PartitionSource> partitions,
            Instance<ProcessLister> processLister, Instance<RuntimeVersion> runtimeVersions, AgentVersion agentVersion,
            HostVersions hostVersions) {
        this.queries = queries;
        this.partitions = partitions;
        this.processLister = processLister;
        this.runtimeVersions = runtimeVersions;
        this.agentVersion = agentVersion;
        this.hostVersions = hostVersions;
    }

    public MachineInfo machine() {
        return queries.machineInfo();
    }

    // ---- v1 ----

    /**
     * {@code containers/<name>}: the container (found by {@link ApiDispatcher#prepare}) with its direct
     * children and the requested samples.
     *
     * @throws ContainerNotFoundException the container went away since it was found
     */
    public ContainerInfo containerInfo(ContainerSnapshot container, ContainerInfoRequest request)
            throws ContainerNotFoundException {
        return info(container, request, machineMemory());
    }

    /** {@code subcontainers/<name>}: the container and every descendant, sorted by name. */
    public List<ContainerInfo> subcontainers(String name, ContainerInfoRequest request)
            throws ContainerNotFoundException {
        long memory = machineMemory();
        List<ContainerInfo> result = new ArrayList<>();
        for (ContainerSnapshot snapshot : queries.subtree(name)) {
            try {
                result.add(info(snapshot, request, memory));
            } catch (ContainerNotFoundException e) {
                Log.debugf("container %s went away while listing %s", snapshot.name(), name);
            }
        }
        if (result.isEmpty()) {
            throw new ContainerNotFoundException("unknown container \"" + name + "\"");
        }
        return result;
    }

    /**
     * {@code docker/<alias>}: the one container an alias, id or unique id prefix names (found by
     * {@link ApiDispatcher#prepare}), keyed by its name.
     *
     * @throws ContainerNotFoundException the container went away since it was found
     */
    public Map<String, ContainerInfo> docker(ContainerSnapshot container, ContainerInfoRequest request)
            throws ContainerNotFoundException {
        Map<String, ContainerInfo> result = new LinkedHashMap<>();
        result.put(container.name(), info(container, request, machineMemory()));
        return result;
    }

    /** {@code docker}: every container of the docker namespace, keyed by container name. */
    public Map<String, ContainerInfo> docker(ContainerInfoRequest request) {
        long memory = machineMemory();
        Map<String, ContainerInfo> result = new LinkedHashMap<>();
        for (ContainerSnapshot snapshot : queries.inNamespace(DOCKER)) {
            try {
                result.put(snapshot.name(), info(snapshot, request, memory));
            } catch (ContainerNotFoundException e) {
                Log.debugf("container %s went away while listing docker containers", snapshot.name());
            }
        }
        return result;
    }

    private ContainerInfo info(ContainerSnapshot snapshot, ContainerInfoRequest request, long machineMemory)
            throws ContainerNotFoundException {
        String name = snapshot.name();
        List<ContainerStats> stats = null;
        if (request.numStats() != 0) {
            stats = queries.stats(name, request.start(), request.end(), request.numStats());
        }
        ContainerReference ref = snapshot.reference();
        // Upstream's stats field is omitempty: no samples, no key.
        return new ContainerInfo(ref.id(), name, ref.aliases(), ref.namespace(), queries.children(name),
                V2Conversions.withMachineMemoryLimit(snapshot.spec(), machineMemory),
                stats == null || stats.isEmpty() ? null : stats);
    }

    private long machineMemory() {
        MachineInfo machine = queries.machineInfo();
        return machine == null ? 0 : machine.memoryCapacity();
    }

    // ---- v2 ----

    /**
     * The containers a v2 request names (upstream {@code getRequestedContainers}), refreshed first
     * when {@code max_age} asks for it.
     */
    public List<ContainerSnapshot> resolve(String name, RequestOptions options) throws ContainerNotFoundException {
        List<ContainerSnapshot> found;
        if (options.idType().equals(RequestOptions.TYPE_NAME)) {
            if (options.recursive()) {
                found = queries.subtree(name);
                if (found.isEmpty()) {
                    // Upstream's wording for this case has the colon.
                    throw new ContainerNotFoundException("unknown container: \"" + name + "\"");
                }
            } else {
                found = List.of(queries.container(name));
            }
        } else if (options.recursive()) {
            if (!name.equals("/")) {
                throw ApiError.badRequest("invalid request for " + options.idType() + " container \"" + name
                        + "\" with subcontainers");
            }
            found = queries.inNamespace(options.idType());
        } else {
            found = List.of(queries.byAlias(options.idType(), name.substring(1)));
        }
        options.maxAge().ifPresent(age -> queries.refreshOlderThan(found.stream().map(ContainerSnapshot::name)
                .toList(), age));
        return found;
    }

    /** v2.0 {@code stats}: {@code {name: [DeprecatedContainerStats]}}, samples oldest first. */
    public Map<String, List<DeprecatedContainerStats>> statsV20(String name, RequestOptions options)
            throws ContainerNotFoundException {
        Map<String, List<DeprecatedContainerStats>> result = new LinkedHashMap<>();
        for (ContainerSnapshot snapshot : resolve(name, options)) {
            try {
                List<ContainerStats> samples = queries.stats(snapshot.name(), null, null, options.count());
                result.put(snapshot.name(), V2Conversions.deprecatedStats(snapshot.spec(), samples));
            } catch (ContainerNotFoundException e) {
                skipOrThrow(options, snapshot, e);
            }
        }
        return result;
    }

    /**
     * v2.1 {@code stats}: {@code {name: {spec, stats}}}. The root container is always left out, as
     * upstream does ({@code machinestats} serves it).
     */
    public Map<String, io.jcadvisor.info.v2.ContainerInfo> statsV21(String name, RequestOptions options)
            throws ContainerNotFoundException {
        long memory = machineMemory();
        Map<String, io.jcadvisor.info.v2.ContainerInfo> result = new LinkedHashMap<>();
        for (ContainerSnapshot snapshot : resolve(name, options)) {
            if (snapshot.name().equals("/")) {
                continue;
            }
            try {
                List<ContainerStats> samples = queries.stats(snapshot.name(), null, null, options.count());
                ContainerSpec spec = V2Conversions.withMachineMemoryLimit(snapshot.spec(), memory);
                result.put(snapshot.name(), new io.jcadvisor.info.v2.ContainerInfo(
                        V2Conversions.containerSpec(snapshot.reference(), spec),
                        V2Conversions.containerStats(snapshot.spec(), samples)));
            } catch (ContainerNotFoundException e) {
                skipOrThrow(options, snapshot, e);
            }
        }
        return result;
    }

    private static void skipOrThrow(RequestOptions options, ContainerSnapshot snapshot, ContainerNotFoundException e)
            throws ContainerNotFoundException {
        if (!options.recursive()) {
            throw e;
        }
        Log.debugf("container %s went away during a recursive request", snapshot.name());
    }

    /** {@code summary}: {@code {name: DerivedStats}}; every named container must have derived stats. */
    public Map<String, DerivedStats> summary(String name, RequestOptions options) throws ContainerNotFoundException {
        Map<String, DerivedStats> result = new LinkedHashMap<>();
        for (ContainerSnapshot snapshot : resolve(name, options)) {
            DerivedStats derived = queries.summary(snapshot.name()).orElseThrow(() -> ApiError.notFound(
                    "derived stats not enabled for container \"" + snapshot.name() + "\""));
            result.put(snapshot.name(), derived);
        }
        return result;
    }

    /** {@code spec}: {@code {name: v2 ContainerSpec}}, a zero memory limit shown as machine memory. */
    public Map<String, io.jcadvisor.info.v2.ContainerSpec> spec(String name, RequestOptions options)
            throws ContainerNotFoundException {
        long memory = machineMemory();
        Map<String, io.jcadvisor.info.v2.ContainerSpec> result = new LinkedHashMap<>();
        for (ContainerSnapshot snapshot : resolve(name, options)) {
            result.put(snapshot.name(), V2Conversions.containerSpec(snapshot.reference(),
                    V2Conversions.withMachineMemoryLimit(snapshot.spec(), memory)));
        }
        return result;
    }

    /** v2.1 {@code machinestats}: the root container's samples as {@code [MachineStats]}, oldest first. */
    public List<MachineStats> machineStats(RequestOptions options) throws ContainerNotFoundException {
        ContainerSnapshot root = queries.container("/");
        return V2Conversions.machineStats(root.spec(), queries.stats("/", null, null, options.count()));
    }

    /**
     * {@code storage}: filesystems of the root container's latest sample; {@code uuid} (one object)
     * wins over {@code label} (a filtered list).
     */
    public Object storage(String label, String uuid) throws ContainerNotFoundException {
        ContainerSnapshot root = queries.container("/");
        ContainerStats latest = root.latest();
        Instant timestamp = latest == null ? null : latest.timestamp();
        List<FsStats> filesystems = latest == null || latest.filesystem() == null ? List.of() : latest.filesystem();
        List<Partition> known = partitions.isResolvable() ? partitions.get().partitions() : List.of();
        if (uuid != null && !uuid.isEmpty()) {
            return StorageQuery.byUuid(uuid, timestamp, filesystems, known);
        }
        if (label != null && !label.isEmpty()) {
            return StorageQuery.byLabel(label, timestamp, filesystems, known);
        }
        return StorageQuery.all(timestamp, filesystems, known);
    }

    /**
     * {@code ps}: processes of one container ({@code recursive} is ignored, as upstream); the root
     * container lists every process of the host with its cgroup.
     */
    public List<ProcessInfo> ps(String name, RequestOptions options) throws ContainerNotFoundException {
        RequestOptions single = new RequestOptions(options.idType(), options.count(), false, options.maxAge());
        ContainerSnapshot snapshot = resolve(name, single).get(0);
        if (!processLister.isResolvable()) {
            throw ApiError.unavailable("process listing is not available in this agent");
        }
        ProcessLister lister = processLister.get();
        if (snapshot.name().equals("/")) {
            return lister.all();
        }
        return lister.of(queries.pids(snapshot.name()));
    }

    /**
     * {@code appmetrics}: {@code {<requested name>: {metric: {label: [value…]}}}} over the requested
     * samples, oldest first, keyed by the legacy single {@code label} ({@code ""} for regex metrics).
     * As upstream, the outer key is the name as requested, and with {@code recursive} each container
     * overwrites it, the last one listed winning. A value repeated in consecutive samples (the
     * collector polls less often than housekeeping) is listed once.
     */
    public Map<String, Map<String, Map<String, List<MetricValBasic>>>> appMetrics(String name, RequestOptions options)
            throws ContainerNotFoundException {
        Map<String, Map<String, List<MetricValBasic>>> metrics = new LinkedHashMap<>();
        for (ContainerSnapshot snapshot : resolve(name, options)) {
            metrics = new LinkedHashMap<>();
            for (ContainerStats sample : queries.stats(snapshot.name(), null, null, options.count())) {
                if (sample.customMetrics() == null) {
                    continue;
                }
                for (Map.Entry<String, List<MetricVal>> e : sample.customMetrics().entrySet()) {
                    Map<String, List<MetricValBasic>> byLabel = metrics.computeIfAbsent(e.getKey(),
                            k -> new LinkedHashMap<>());
                    for (MetricVal v : e.getValue()) {
                        if (v.timestamp() == null || v.timestamp().equals(ContainerSpec.ZERO_TIME)) {
                            continue;
                        }
                        List<MetricValBasic> values = byLabel.computeIfAbsent(v.label() == null ? "" : v.label(),
                                k -> new ArrayList<>());
                        MetricValBasic basic = new MetricValBasic(v.timestamp(), v.intValue(), v.floatValue());
                        if (values.isEmpty() || !values.get(values.size() - 1).equals(basic)) {
                            values.add(basic);
                        }
                    }
                }
            }
        }
        Map<String, Map<String, Map<String, List<MetricValBasic>>>> result = new LinkedHashMap<>();
        result.put(name, metrics);
        return result;
    }

    /** {@code attributes}: versions and a subset of machine info. */
    public Attributes attributes() {
        String dockerVersion = "";
        String dockerApiVersion = "";
        for (RuntimeVersion runtime : runtimeVersions) {
            if (DOCKER.equals(runtime.runtime())) {
                dockerVersion = runtime.version();
                dockerApiVersion = runtime.apiVersion();
            }
        }
        return V2Conversions.attributes(queries.machineInfo(), hostVersions.kernelVersion(), hostVersions.osVersion(),
                dockerVersion, dockerApiVersion, agentVersion.version());
    }

    /** {@code version}: the agent's version string. */
    public String version() {
        return agentVersion.version();
    }
}
