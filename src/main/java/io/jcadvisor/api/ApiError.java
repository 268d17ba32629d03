package io.jcadvisor.api;

/**
 * A request the API refuses, with the status and the plain-text message the client gets. Thrown
 * by request parsing and the handlers; {@link ApiRoute} writes it.
 */
public final class ApiError extends RuntimeException {

    private final int status;

    private ApiError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** 400: a malformed or out-of-range parameter, body, path or request type. */
    public static ApiError badRequest(String message) {
        return new ApiError(400, message);
    }

    /** 404: the thing asked for (a version, a label, a device, derived stats) does not exist. */
    public static ApiError notFound(String message) {
        return new ApiError(404, message);
    }

    /** 503: a part of the agent this request needs is not available in this build or host. */
    public static ApiError unavailable(String message) {
        return new ApiError(503, message);
    }

    public int status() {
        return status;
    }
}
