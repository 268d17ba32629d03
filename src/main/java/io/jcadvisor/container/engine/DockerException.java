package io.jcadvisor.container.engine;

/** The Docker daemon could not be reached or answered an error (not a "no such container"). */
public class DockerException extends Exception {

    private final boolean answered;

    public DockerException(String message) {
        this(message, null, false);
    }

    public DockerException(String message, Throwable cause) {
        this(message, cause, false);
    }

    /** @param answered the daemon answered, with an error status: it is reachable */
    public DockerException(String message, Throwable cause, boolean answered) {
        super(message, cause);
        this.answered = answered;
    }

    /**
     * Whether the daemon answered (with an error status about one request) rather than not at all:
     * such a failure concerns that request, not the daemon's reachability.
     */
    public boolean answered() {
        return answered;
    }

    /**
     * Whether the call found no answer within its timeout: the daemon may be down, or only slow about
     * this one container (dockerd answers a container's inspect once it has finished starting). Only
     * a probe of the daemon itself ({@code /version}) tells which.
     */
    public boolean timedOut() {
        return getCause() instanceof java.util.concurrent.TimeoutException;
    }
}
