package io.jcadvisor.container.containerd;

import io.jcadvisor.container.DaemonCallException;

/**
 * A containerd call failed: the daemon could not be reached, did not answer in time, answered
 * with a gRPC error, or answered something undecodable.
 */
public class ContainerdException extends DaemonCallException {

    /** gRPC status {@code UNAVAILABLE}: also used for transport failures (no socket, refused, timeout). */
    public static final int UNAVAILABLE = 14;
    /** gRPC status {@code NOT_FOUND}: no such container or task in the namespace. */
    public static final int NOT_FOUND = 5;
    /** gRPC status {@code INTERNAL}: also used for undecodable answers. */
    public static final int INTERNAL = 13;

    private final int status;

    public ContainerdException(int status, String message) {
        super(message, null);
        this.status = status;
    }

    public ContainerdException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The gRPC status code ({@code 5} NOT_FOUND, {@code 14} UNAVAILABLE, …). */
    public int status() {
        return status;
    }

    /** Whether the daemon answered that the object does not exist. */
    public boolean notFound() {
        return status == NOT_FOUND;
    }

    /** Whether the call failed for want of a daemon, not because of the question. */
    public boolean unavailable() {
        return status == UNAVAILABLE;
    }

    /** Any gRPC status but {@code UNAVAILABLE} is the daemon's answer about the question. */
    @Override
    public boolean answered() {
        return !unavailable();
    }
}
