package io.jcadvisor.api;

import io.jcadvisor.cgroup.ContainerGoneException;
import io.jcadvisor.edge.ClientAborts;
import io.jcadvisor.manager.ContainerNotFoundException;
import io.quarkus.logging.Log;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place exceptions become HTTP answers, for every resource of the agent: a plain-text body
 * naming the problem ({@code text/plain; charset=utf-8}, {@code nosniff}, message plus newline, the
 * shape of upstream's {@code http.Error}). Unlike upstream (500 for nearly everything) the status
 * says whose fault it is: 404 unknown container, 400 bad request, 500 only for our own faults,
 * which are logged and never leak a stack trace.
 */
public class ApiExceptionMappers {

    static final String TEXT_PLAIN_UTF8 = "text/plain; charset=utf-8";

    @ServerExceptionMapper
    public Response unknownContainer(ContainerNotFoundException e) {
        return text(404, e.getMessage());
    }

    @ServerExceptionMapper
    public Response containerGone(ContainerGoneException e) {
        return text(404, e.getMessage());
    }

    @ServerExceptionMapper
    public Response refused(ApiError e) {
        return text(e.status(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response jaxrs(WebApplicationException e) {
        Response r = e.getResponse();
        String reason = r.getStatusInfo().getReasonPhrase();
        return text(r.getStatus(), reason == null ? String.valueOf(r.getStatus()) : reason);
    }

    @ServerExceptionMapper
    public Response internal(Throwable e) {
        String abort = ClientAborts.kind(e, null);
        if (abort != null) {
            // nobody will read this answer; ClientAbortLogFilter counts such lines, one a minute
            Log.infof("HTTP: %s", abort);
            return text(500, "internal error");
        }
        Log.errorf(e, "internal error answering a request");
        return text(500, "internal error");
    }

    static Response text(int status, String message) {
        return Response.status(status)
                .type(TEXT_PLAIN_UTF8)
                .header("X-Content-Type-Options", "nosniff")
                .entity(message + "\n")
                .build();
    }
}
