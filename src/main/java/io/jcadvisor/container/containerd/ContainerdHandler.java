package io.jcadvisor.container.containerd;

import io.jcadvisor.cgroup.CgroupContainer;
import io.jcadvisor.cgroup.ContainerGoneException;
import io.jcadvisor.container.ContainerHandler;
import io.jcadvisor.config.EnabledMetrics;
import io.jcadvisor.config.MetricKind;
import io.jcadvisor.container.ProcessView;
import io.jcadvisor.info.v1.ContainerReference;
import io.jcadvisor.info.v1.ContainerSpec;
import io.jcadvisor.info.v1.ContainerStats;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * A containerd container: its cgroup files (through {@link CgroupContainer}) decorated with what
 * {@code Containers/Get} said when it was accepted (upstream's containerd handler,
 * {@code docs/data-sources.md} §8): aliases {@code [id, cgroup name]} in namespace {@code containerd},
 * image, labels, whitelisted envs with their case kept, creation time {@code CreatedAt}, start time
 * from the cgroup. The task's pid, found by the factory (with retries while the task is not yet
 * there), feeds ulimits, fds and, for a CRI sandbox only, the network section: other containers of
 * a pod share the sandbox's network namespace.
 */
public final class ContainerdHandler implements ContainerHandler {

    /** Namespace of containerd aliases ({@code ?type=containerd}). */
    public static final String NAMESPACE = "containerd";

    /**
     * What all handlers of one factory share.
     *
     * @param envWhitelist env name prefixes copied into {@code spec.envs}
     * @param onClose      told when a handler closes
     */
    record Context(EnabledMetrics metrics, List<String> envWhitelist, Consumer<ContainerdHandler> onClose) {
    }

    private final String name;
    private final String id;
    private final ContainerdContainer container;
    private final CgroupContainer cgroup;
    private final Context context;
    private final ProcessView processView;
    private volatile int pid;
    /** The init process's exit status from the event stream's {@code /tasks/exit}; -1 until then. */
    private volatile long exitStatus = -1;

    /**
     * @param name      cgroup name ({@code /k8s.io/<id>})
     * @param container the answer that made the factory accept the container
     */
    ContainerdHandler(String name, ContainerdContainer container, CgroupContainer cgroup, ProcessView processView,
            Context context) {
        this.name = name;
        this.id = ContainerdNames.containerId(name).orElse(container.id());
        this.container = container;
        this.cgroup = cgroup;
        this.processView = processView;
        this.context = context;
    }

    @Override
    public ContainerReference reference() {
        return new ContainerReference(id, name, List.of(id, name), NAMESPACE);
    }

    @Override
    public ContainerSpec spec() throws ContainerGoneException {
        ContainerSpec cg = cgroup.spec();
        return new ContainerSpec(
                container.createdAt().orElse(cg.creationTime()),
                cg.creationTime(),
                container.labels(), envs(container.env(), context.envWhitelist()),
                cg.hasCpu(), cg.cpu(), cg.hasMemory(), cg.memory(), cg.hasHugetlb(),
                context.metrics().has(MetricKind.NETWORK) && ownsNetwork(),
                cg.hasProcesses(), cg.processes(), false, cg.hasDiskio(), cg.hasCustomMetrics(),
                cg.customMetrics(), container.image());
    }

    /** Whether the container has a network namespace of its own to report: only a CRI pod sandbox. */
    private boolean ownsNetwork() {
        return container.sandbox();
    }

    @Override
    public ContainerStats stats() throws ContainerGoneException {
        return processView.addTo(cgroup.stats(), pid, ownsNetwork(), cgroup::pids);
    }

    @Override
    public List<Integer> pids() {
        return cgroup.pids();
    }

    /** containerd's container labels, for {@code container_label_*}. */
    @Override
    public Map<String, String> labels() {
        return container.labels();
    }

    /**
     * OCI {@code process.env} entries whose name starts with one of the prefixes, key kept as is
     * (containerd, unlike Docker, does not lower-case it); an empty prefix matches nothing.
     */
    static Map<String, String> envs(List<String> env, List<String> prefixes) {
        if (prefixes.isEmpty() || env.isEmpty()) {
            return Map.of();
        }
        Map<String, String> envs = new LinkedHashMap<>();
        for (String prefix : prefixes) {
            if (prefix.isEmpty()) {
                continue;
            }
            for (String entry : env) {
                int eq = entry.indexOf('=');
                if (eq > 0 && entry.substring(0, eq).startsWith(prefix)) {
                    envs.put(entry.substring(0, eq), entry.substring(eq + 1));
                }
            }
        }
        return Collections.unmodifiableMap(envs);
    }

    /** The task's pid learnt by the factory; 0 until then (and when the container has no task). */
    void mainPid(int pid) {
        this.pid = pid;
    }

    /** The event stream reported the task (re)started with init process {@code pid}: it has not exited. */
    void started(int pid) {
        this.pid = pid;
        this.exitStatus = -1;
    }

    /** The event stream reported the task's init process exited with {@code status}. */
    void exited(int status) {
        this.exitStatus = status;
    }

    /**
     * The exit status of the task's init process, as the event stream's {@code /tasks/exit} reported
     * it before the cgroup went: no call to containerd (by the time the cgroup is gone the task is
     * deleted, and {@code Tasks/Get} no longer knows it). Empty when no exit was seen: the stream was
     * not open, or the container was removed without its task exiting first.
     */
    @Override
    public OptionalInt exitCode() {
        long status = exitStatus;
        return status < 0 ? OptionalInt.empty() : OptionalInt.of((int) status);
    }

    /** The task's init process in the host pid namespace, 0 when unknown. */
    public int mainPid() {
        return pid;
    }

    /** containerd's container id. */
    public String id() {
        return id;
    }

    /** The container as containerd described it at acceptance. */
    public ContainerdContainer container() {
        return container;
    }

    @Override
    public boolean exists() {
        return cgroup.exists();
    }

    @Override
    public void close() {
        cgroup.close();
        context.onClose().accept(this);
    }
}
