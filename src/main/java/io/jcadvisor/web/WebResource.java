package io.jcadvisor.web;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;

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

    /** {@code /} → 307 to the container UI, as upstream's catch-all. */
    @GET
    public Response root() {
        return Response.temporaryRedirect(URI.create("/containers/")).build();
    }
}
