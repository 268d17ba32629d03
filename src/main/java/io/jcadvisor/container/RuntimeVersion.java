package io.jcadvisor.container;

/**
 * The version of a container runtime daemon, for {@code attributes} ({@code docker_version},
 * {@code docker_api_version}). A runtime plugin may provide one bean; none means empty strings.
 */
public interface RuntimeVersion {

    /** The runtime's namespace: {@code docker}. */
    String runtime();

    /** Daemon version ({@code 20.10.24}), or empty when the daemon cannot be reached. */
    String version();

    /** Daemon API version ({@code 1.41}), or empty when unknown. */
    String apiVersion();
}
