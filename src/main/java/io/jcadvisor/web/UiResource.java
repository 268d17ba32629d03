package io.jcadvisor.web;

import io.jcadvisor.manager.ContainerNotFoundException;
import io.jcadvisor.manager.ContainerQueries;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.util.Arrays;
import java.util.List;

/**
 * The UI routes: {@code /containers/<name…>} (any tracked container by cgroup path,
 * {@code /containers/} is {@code /}), {@code /docker/} (the Docker containers) and
 * {@code /docker/<alias or id>}, and the same for Podman under {@code /podman/} (upstream head).
 * Every one answers the same {@link UiPage}; its script reads the route from
 * {@code location.pathname} and fetches everything else from the API.
 *
 * <p>As upstream, an unknown container answers 404, here with the page itself (so the navigation
 * stays) showing upstream's message, and {@code /containers} / {@code /docker} without the slash
 * answer 301 to the slashed path. The redirect's {@code Location} is relative so it stays right
 * behind a path prefix. {@code /podman} without the slash is not redirected to {@code /podman/}:
 * as upstream (without digest auth) it falls into the catch-all, a 307 to {@code containers/}.
 */
@Path("/")
public class UiResource {

    static final String HTML = "text/html; charset=utf-8";
    static final String DOCKER = "docker";
    static final String PODMAN = "podman";

    private final ContainerQueries queries;
    private final UiPage page;

    public UiResource(ContainerQueries queries) {
        this.queries = queries;
        this.page = UiPage.load();
    }

    /** {@code rest} is the decoded path after {@code /containers}, empty or starting with a slash. */
    @GET
    @Path("containers{rest: (/.*)?}")
    public Response container(@PathParam("rest") String rest, @Context UriInfo uri,
            @Context HttpServerRequest request) {
        String relative = relativePath(uri, request);
        if (relative.indexOf('/') < 0) {
            return redirect("containers/");
        }
        String name = UiPage.containerName(rest);
        try {
            queries.container(name);
            return html(200, relative, null);
        } catch (ContainerNotFoundException e) {
            return html(404, relative, failedToGet(name, e));
        }
    }

    @GET
    @Path("docker{rest: (/.*)?}")
    public Response docker(@PathParam("rest") String rest, @Context UriInfo uri,
            @Context HttpServerRequest request) {
        String relative = relativePath(uri, request);
        if (relative.indexOf('/') < 0) {
            return redirect("docker/");
        }
        return runtimePage(DOCKER, "Docker", rest, relative);
    }

    @GET
    @Path("podman{rest: (/.*)?}")
    public Response podman(@PathParam("rest") String rest, @Context UriInfo uri,
            @Context HttpServerRequest request) {
        String relative = relativePath(uri, request);
        if (relative.indexOf('/') < 0) {
            // Upstream's quirk (docs/api.md §2.1): no 301 to podman/, the catch-all's 307 instead.
            return Response.status(Response.Status.TEMPORARY_REDIRECT).header(HttpHeaders.LOCATION, "containers/")
                    .build();
        }
        return runtimePage(PODMAN, "Podman", rest, relative);
    }

    /** The list of a runtime's containers ({@code rest} empty), or one of them by alias, id or prefix. */
    private Response runtimePage(String namespace, String runtime, String rest, String relative) {
        List<String> segments = Arrays.stream(rest.split("/")).filter(s -> !s.isEmpty()).toList();
        if (segments.isEmpty()) {
            return html(200, relative, null);
        }
        if (segments.size() > 1) {
            return html(404, relative,
                    "unknown request for " + runtime + " container [" + String.join(" ", segments) + "]");
        }
        String alias = segments.get(0);
        try {
            queries.byAlias(namespace, alias);
            return html(200, relative, null);
        } catch (ContainerNotFoundException e) {
            return html(404, relative, failedToGet("/" + alias, e));
        }
    }

    /** Upstream's wording for an unknown container on a UI page. */
    private static String failedToGet(String name, ContainerNotFoundException e) {
        return "failed to get container \"" + name + "\" with error: " + e.getMessage();
    }

    private Response html(int status, String relativePath, String error) {
        return Response.status(status).type(HTML).entity(page.render(relativePath, error)).build();
    }

    /**
     * 301 with a relative {@code Location}, set as a raw header: {@code Response.location()} would
     * make it absolute against the server's own base URI, which is wrong behind a proxy prefix.
     */
    private static Response redirect(String location) {
        return Response.status(Response.Status.MOVED_PERMANENTLY).header(HttpHeaders.LOCATION, location).build();
    }

    /**
     * The raw (still percent-encoded) request path below the application root, without the leading
     * slash: what the browser resolves the page's relative URLs against.
     */
    static String relativePath(UriInfo uri, HttpServerRequest request) {
        String raw = request.path();
        String base = uri.getBaseUri().getRawPath();
        if (base == null || base.isEmpty()) {
            base = "/";
        } else if (!base.endsWith("/")) {
            base = base + "/";
        }
        if (raw.startsWith(base)) {
            return raw.substring(base.length());
        }
        int start = 0;
        while (start < raw.length() && raw.charAt(start) == '/') {
            start++;
        }
        return raw.substring(start);
    }
}
