package io.jcadvisor.container.containerd;

/**
 * A container's task ({@code Tasks/Get}): its init process.
 *
 * @param pid    init process id in the host pid namespace; 0 before it runs
 * @param status task status
 */
public record ContainerdTask(int pid, Status status) {

    /** containerd's task status enum, by wire value. */
    public enum Status {
        UNKNOWN, CREATED, RUNNING, STOPPED, PAUSED, PAUSING;

        /** The status of wire value {@code value}; {@code UNKNOWN} for values newer than this list. */
        static Status of(long value) {
            Status[] all = values();
            return value >= 0 && value < all.length ? all[(int) value] : UNKNOWN;
        }
    }
}
