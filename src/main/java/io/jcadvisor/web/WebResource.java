package io.jcadvisor.web;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/** The root redirect to the UI, as upstream serves it ({@code /healthz} is {@link HealthzRoute}). */
@Path("/")
public class WebResource {

    /**
     * {@code /} → 307 to the container UI, as upstream's catch-all. The {@code Location} is relative
     * and set as a raw header ({@code temporaryRedirect} would make it absolute against our own base
     * URI), so the redirect stays under a reverse proxy's path prefix.
     */
    @GET
    public Response root() {
        return Response.status(Response.Status.TEMPORARY_REDIRECT).header(HttpHeaders.LOCATION, "containers/").build();
    }
}
