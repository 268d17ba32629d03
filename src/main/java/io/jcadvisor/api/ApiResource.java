package io.jcadvisor.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jcadvisor.manager.ContainerNotFoundException;
import io.jcadvisor.manager.ContainerQueries;
import io.vertx.core.http.HttpServerRequest;
import io.jcadvisor.edge.HeavyRequestLimit;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/<version>/<requestType>[/<container name>]}: one entry point that splits the path the
 * way upstream does ({@link ApiPath}) and hands the request to {@link ApiHandlers}. The container
 * name is taken from the raw path, since JAX-RS decodes {@code %2F} in path parameters.
 *
 * <p>Upstream never looks at the method, so GET, POST and PUT behave the same, and the v1 container
 * endpoints read an optional JSON body even on GET. Errors are thrown and written by
 * {@link ApiExceptionMappers}. Event streams are served by {@link EventStreamRoute}, ahead of this.
 */
@Path("/api")
public class ApiResource {

    /** Content type of the event stream: one JSON event per line (upstream sends none). */
    static final String NDJSON = "application/x-ndjson";

    private final ApiHandlers handlers;
    private final ContainerQueries queries;
    private final ObjectMapper mapper;

    public ApiResource(ApiHandlers handlers, ContainerQueries queries, ObjectMapper mapper) {
        this.handlers = handlers;
        this.queries = queries;
        this.mapper = mapper;
    }

    @GET
    @Path("{path: .*}")
    public Response get(@Context UriInfo uri, @Context HttpServerRequest request,
            @Context RoutingContext routing, String body)
            throws ContainerNotFoundException, JsonProcessingException {
        return answer(uri, request, routing, body);
    }

    @POST
    @Path("{path: .*}")
    public Response post(@Context UriInfo uri, @Context HttpServerRequest request,
            @Context RoutingContext routing, String body)
            throws ContainerNotFoundException, JsonProcessingException {
        return answer(uri, request, routing, body);
    }

    @PUT
    @Path("{path: .*}")
    public Response put(@Context UriInfo uri, @Context HttpServerRequest request,
            @Context RoutingContext routing, String body)
            throws ContainerNotFoundException, JsonProcessingException {
        return answer(uri, request, routing, body);
    }

    /**
     * Any method's answer (upstream's API answers GET, POST and PUT alike). A heavy answer keeps its
     * slot among the heavy requests until its JSON is written ({@link #json}); any other answer gives
     * it back here.
     */
    private Response answer(UriInfo uri, HttpServerRequest request, RoutingContext routing, String body)
            throws ContainerNotFoundException, JsonProcessingException {
        boolean streamed = false;
        try {
            Response r = handle(uri, request, routing, body);
            streamed = r.getEntity() instanceof StreamingOutput;
            return r;
        } finally {
            if (!streamed) {
                HeavyRequestLimit.release(routing);
            }
        }
    }

    private Response handle(UriInfo uri, HttpServerRequest request, RoutingContext routing, String body)
            throws ContainerNotFoundException, JsonProcessingException {
        String rawPath = rawPath(request);
        int api = rawPath.indexOf("/api");
        ApiPath path = ApiPath.parse(api < 0 ? rawPath : rawPath.substring(api));
        if (path.version().isEmpty()) {
            throw ApiError.badRequest(ApiVersion.supportedVersionsMessage());
        }
        ApiVersion version = ApiVersion.of(path.version()).orElseThrow(() -> ApiError.notFound(
                "unsupported API version \"" + path.version() + "\"; " + ApiVersion.supportedVersionsMessage()));
        String type = path.requestType();
        if (type.isEmpty()) {
            throw ApiError.badRequest(version.supportedRequestTypesMessage());
        }
        if (!version.requestTypes().contains(type)) {
            throw ApiError.badRequest("unknown request type \"" + type + "\"; "
                    + version.supportedRequestTypesMessage());
        }
        Map<String, List<String>> query = uri.getQueryParameters();
        String name = path.containerName();
        if (!version.isV2()) {
            return switch (type) {
                case "machine" -> json(handlers.machine());
                case "events" -> events(name, query);
                case "containers" -> heavy(routing, request, handlers.containerInfo(name, ContainerInfoRequest.parse(body, mapper)));
                case "subcontainers" -> heavy(routing, request, handlers.subcontainers(name, ContainerInfoRequest.parse(body, mapper)));
                case "docker" -> heavy(routing, request, handlers.docker(path.rest(), ContainerInfoRequest.parse(body, mapper)));
                default -> throw new IllegalStateException("request type without handler: " + type);
            };
        }
        // Upstream parses the options for every v2 request, so a bad one fails even `version`.
        RequestOptions options = RequestOptions.parse(query);
        return switch (type) {
            case "version" -> json(mapper.writeValueAsString(handlers.version()));
            case "attributes" -> json(handlers.attributes());
            case "machine" -> json(handlers.machine());
            case "events" -> events(name, query);
            case "stats" -> heavy(routing, request, version == ApiVersion.V2_0 ? handlers.statsV20(name, options)
                    : handlers.statsV21(name, options));
            case "summary" -> heavy(routing, request, handlers.summary(name, options));
            case "spec" -> heavy(routing, request, handlers.spec(name, options));
            case "storage" -> heavy(routing, request, handlers.storage(RequestOptions.first(query, "label").orElse(null),
                    RequestOptions.first(query, "uuid").orElse(null)));
            case "ps" -> heavy(routing, request, handlers.ps(name, options));
            case "appmetrics" -> json(handlers.appMetrics(name, options));
            case "machinestats" -> json(handlers.machineStats(options));
            default -> throw new IllegalStateException("request type without handler: " + type);
        };
    }

    /**
     * The path exactly as the client sent it. The router has already resolved {@code ..} segments
     * in the path it matches (and {@link UriInfo} shows that), but a request that tried to climb
     * must be refused, not quietly redirected to another name.
     */
    static String rawPath(HttpServerRequest request) {
        String target = request.uri();
        if (!target.startsWith("/")) {
            target = URI.create(target).getRawPath();
        }
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }

    private static Response json(Object entity) {
        return Response.ok(entity, MediaType.APPLICATION_JSON_TYPE).build();
    }

    /**
     * A heavy answer ({@link HeavyRequestLimit}): written by this mapper as the REST layer would write
     * it, but inside the slot. The REST layer serializes an entity after the resource method has
     * returned, and a slot given back then let every client of a burst serialize at once: 20 worker
     * threads writing 13 MB answers left the event loops, and so the probes, waiting for a CPU up to
     * 200 ms (bench/README.md, "Memory after a burst"). {@code HEAD} writes no body: it keeps no slot.
     */
    private Response heavy(RoutingContext routing, HttpServerRequest request, Object entity) {
        if (request.method() == io.vertx.core.http.HttpMethod.HEAD) {
            return json(entity);
        }
        StreamingOutput body = out -> {
            try (JsonGenerator generator = mapper.getFactory().createGenerator(out)) {
                // the REST layer ends the response after this returns
                generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                mapper.writeValue(generator, entity);
            } finally {
                HeavyRequestLimit.release(routing);
            }
        };
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }

    private Response events(String name, Map<String, List<String>> query) {
        EventsQuery events = EventsQuery.parse(name, query);
        if (events.stream()) {
            // EventStreamRoute takes every valid stream request before it gets here
            throw new IllegalStateException("event stream request reached the JSON resource");
        }
        return json(queries.events(events.request()));
    }
}
