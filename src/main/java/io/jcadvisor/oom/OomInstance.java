package io.jcadvisor.oom;

/**
 * One OOM kill found in the kernel log (upstream {@code oomparser.OomInstance}).
 *
 * @param pid                 the killed process's pid (0 when the kernel line had none that parses)
 * @param processName         the killed process's command name
 * @param monotonicMicros     time of the {@code invoked oom-killer:} record, µs since boot
 * @param containerName       the cgroup the killed task was in (kernel ≥ 5.0 {@code task_memcg}, legacy
 *                            {@code Task in X}); gets the {@code oom} event and the counter
 * @param victimContainerName the memory cgroup whose limit was hit ({@code oom_memcg}, legacy
 *                            {@code limit of Y}); gets the {@code oomKill} event
 * @param constraint          {@code CONSTRAINT_MEMCG}, {@code CONSTRAINT_NONE}, …; empty on legacy kernels
 */
public record OomInstance(int pid, String processName, long monotonicMicros, String containerName,
        String victimContainerName, String constraint) {
}
