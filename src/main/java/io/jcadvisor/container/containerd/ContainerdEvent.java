package io.jcadvisor.container.containerd;

/**
 * One event of containerd's stream ({@code Events/Subscribe}) that concerns a container's life.
 *
 * @param namespace   the containerd namespace it happened in
 * @param topic       {@code /tasks/start}, {@code /tasks/exit}, {@code /tasks/delete},
 *                    {@code /containers/create}, {@code /containers/delete}, …
 * @param containerId the container it is about; empty for other topics
 * @param pid         the task's pid for {@code /tasks/start}, else 0
 */
public record ContainerdEvent(String namespace, String topic, String containerId, int pid) {

    public static final String TASK_START = "/tasks/start";
    public static final String TASK_DELETE = "/tasks/delete";

    /** Whether the container's task started (else it stopped, or the container came or went). */
    public boolean started() {
        return TASK_START.equals(topic);
    }
}
