package io.jcadvisor.container.docker;

/** The Docker daemon could not be reached or answered an error (not a "no such container"). */
public class DockerException extends Exception {

    public DockerException(String message) {
        super(message);
    }

    public DockerException(String message, Throwable cause) {
        super(message, cause);
    }
}
