package io.jcadvisor.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jcadvisor.manager.ContainerNotFoundException;
import io.jcadvisor.manager.ContainerQueries;
import io.jcadvisor.manager.ContainerSnapshot;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/<version>/<requestType>[/<container name>]}: splits the path the way upstream does
 * ({@link ApiPath}), checks the version and request type, and asks {@link ApiHandlers} for the value
 * whose JSON is the answer. Knows nothing of HTTP: {@link ApiRoute} writes the value, or the error
 * thrown ({@link ApiError}, {@link ContainerNotFoundException}) as plain text.
 *
 * <p>An answer comes in two steps. {@link #prepare} checks the request and, for a v1 request naming one
 * container, finds it; that is cheap and never blocks, so {@link ApiRoute} runs it on the event loop
 * and answers a refusal there. {@link Answer#build} then builds the value, on a worker. A client
 * waiting for a container polls {@code /api/v1.3/docker/<name>} until the 404 turns into a 200, and
 * each of those 404s costs no worker (bench/README.md, "The polls for a container not yet known").
 *
 * <p>Upstream never looks at the method, so the v1 container endpoints read an optional JSON body
 * even on GET.
 */
@ApplicationScoped
public class ApiDispatcher {

    private final ApiHandlers handlers;
    private final ContainerQueries queries;
    private final ObjectMapper mapper;

    public ApiDispatcher(ApiHandlers handlers, ContainerQueries queries, ObjectMapper mapper) {
        this.handlers = handlers;
        this.queries = queries;
        this.mapper = mapper;
    }

    /** The rest of one answer, once its request has been checked: builds the value to write as JSON. */
    @FunctionalInterface
    public interface Answer {

        /**
         * @throws ApiError                   a thing that does not exist or cannot be given (404, 503)
         * @throws ContainerNotFoundException a container named went away, or was never known
         */
        Object build() throws ContainerNotFoundException;
    }

    /**
     * Checks one request, and finds the container a v1 request names, without building anything: no
     * file is read and nothing waits, so this may run on an event loop.
     *
     * @param rawPath the path as the client sent it, still percent-encoded ({@link #rawPath}): a
     *                container name may hold an encoded {@code /}
     * @param query   the decoded query parameters, each with every value given, in order
     * @param body    the request body, {@code ""} when there is none
     * @throws ApiError                    a bad request (400) or a thing that does not exist (404)
     * @throws ContainerNotFoundException  the container a v1 request names is not known
     */
    public Answer prepare(String rawPath, Map<String, List<String>> query, String body)
            throws ContainerNotFoundException {
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
        String name = path.containerName();
        if (!version.isV2()) {
            return switch (type) {
                case "machine" -> handlers::machine;
                case "events" -> events(name, query);
                case "containers" -> {
                    ContainerInfoRequest request = ContainerInfoRequest.parse(body, mapper);
                    ContainerSnapshot container = queries.container(name);
                    yield () -> handlers.containerInfo(container, request);
                }
                case "subcontainers" -> {
                    ContainerInfoRequest request = ContainerInfoRequest.parse(body, mapper);
                    yield () -> handlers.subcontainers(name, request);
                }
                case "docker" -> docker(path.rest(), ContainerInfoRequest.parse(body, mapper));
                default -> throw new IllegalStateException("request type without handler: " + type);
            };
        }
        // Upstream parses the options for every v2 request, so a bad one fails even `version`.
        RequestOptions options = RequestOptions.parse(query);
        return switch (type) {
            case "version" -> handlers::version;
            case "attributes" -> handlers::attributes;
            case "machine" -> handlers::machine;
            case "events" -> events(name, query);
            case "stats" -> version == ApiVersion.V2_0 ? () -> handlers.statsV20(name, options)
                    : () -> handlers.statsV21(name, options);
            case "summary" -> () -> handlers.summary(name, options);
            case "spec" -> () -> handlers.spec(name, options);
            case "storage" -> {
                String label = RequestOptions.first(query, "label").orElse(null);
                String uuid = RequestOptions.first(query, "uuid").orElse(null);
                yield () -> handlers.storage(label, uuid);
            }
            case "ps" -> () -> handlers.ps(name, options);
            case "appmetrics" -> () -> handlers.appMetrics(name, options);
            case "machinestats" -> () -> handlers.machineStats(options);
            default -> throw new IllegalStateException("request type without handler: " + type);
        };
    }

    /**
     * The path of a request target exactly as the client sent it. The router has already resolved
     * {@code ..} segments in the path it matches, but a request that tried to climb must be refused,
     * not quietly redirected to another name.
     */
    static String rawPath(String target) {
        if (!target.startsWith("/")) {
            target = URI.create(target).getRawPath();
        }
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }

    /** {@code docker[/<alias>]}: the alias is looked up now, every container of the namespace later. */
    private Answer docker(List<String> rest, ContainerInfoRequest request) throws ContainerNotFoundException {
        if (rest.size() > 1) {
            throw ApiError.badRequest("unknown request for Docker container [" + String.join(" ", rest) + "]");
        }
        if (rest.isEmpty()) {
            return () -> handlers.docker(request);
        }
        ContainerSnapshot container = queries.byAlias(ApiHandlers.DOCKER, rest.get(0));
        return () -> handlers.docker(container, request);
    }

    private Answer events(String name, Map<String, List<String>> query) {
        EventsQuery events = EventsQuery.parse(name, query);
        if (events.stream()) {
            // EventStreamRoute takes every valid stream request before it gets here
            throw new IllegalStateException("event stream request reached the JSON answers");
        }
        return () -> queries.events(events.request());
    }
}
