package io.jcadvisor.container.engine;

import io.jcadvisor.container.DaemonCallException;

/** The Docker daemon could not be reached or answered an error (not a "no such container"). */
public class DockerException extends DaemonCallException {

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

    /** The daemon answered with an error status about one request. */
    @Override
    public boolean answered() {
        return answered;
    }
}
