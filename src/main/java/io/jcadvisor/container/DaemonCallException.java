package io.jcadvisor.container;

import java.util.concurrent.TimeoutException;

/**
 * A call to a runtime daemon failed (Docker and Podman's Engine API, containerd's gRPC). What the
 * runtime skeleton ({@link RuntimeAcceptor}) needs to know of any such failure: whether the daemon
 * answered, which concerns that one request, or gave no answer, which only a probe of the daemon
 * itself tells apart from a daemon that is gone.
 */
public abstract class DaemonCallException extends Exception {

    protected DaemonCallException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Whether the daemon answered (with an error about this request) rather than not at all: such a
     * failure concerns the request, not the daemon's reachability.
     */
    public abstract boolean answered();

    /**
     * Whether the call found no answer within its bound: the daemon may be down, or only slow about
     * this one container (dockerd answers a container's inspect once it has finished starting it).
     */
    public boolean timedOut() {
        return getCause() instanceof TimeoutException;
    }
}
