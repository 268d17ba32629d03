package io.jcadvisor.web;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Liveness ({@code /healthz}) and the root redirect to the UI, as upstream serves them. */
@Path("/")
public class WebResource {

    /** 200 {@code ok} (no newline) once the server listens; upstream's liveness probe. */
    @GET
    @Path("healthz")
    @Produces(MediaType.TEXT_PLAIN)
    public String healthz() {
        return "ok";
    }

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
