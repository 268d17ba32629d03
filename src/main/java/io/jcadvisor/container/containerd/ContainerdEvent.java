package io.jcadvisor.container.containerd;

import java.util.OptionalInt;

/**
 * One event of containerd's stream ({@code Events/Subscribe}) that concerns a container's life.
 *
 * @param namespace   the containerd namespace it happened in
 * @param topic       {@code /tasks/start}, {@code /tasks/exit}, {@code /tasks/delete},
 *                    {@code /containers/create}, {@code /containers/delete}, …
 * @param containerId the container it is about; empty for other topics
 * @param pid         the task's pid for {@code /tasks/start}, else 0
 * @param exitStatus  for {@code /tasks/exit} of a container's init process ({@code TaskExit.id} is the
 *                    container id; an exec'd process has its own id): its exit status, else empty
 */
public record ContainerdEvent(String namespace, String topic, String containerId, int pid, OptionalInt exitStatus) {

    public static final String TASK_START = "/tasks/start";
    public static final String TASK_EXIT = "/tasks/exit";
    public static final String TASK_DELETE = "/tasks/delete";

    /** An event without exit status. */
    public ContainerdEvent(String namespace, String topic, String containerId, int pid) {
        this(namespace, topic, containerId, pid, OptionalInt.empty());
    }

    /** Whether the container's task started (else it stopped, or the container came or went). */
    public boolean started() {
        return TASK_START.equals(topic);
    }
}
