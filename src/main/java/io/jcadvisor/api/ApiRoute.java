package io.jcadvisor.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jcadvisor.edge.ChunkedResponseOutput;
import io.jcadvisor.edge.DirectChunkPool;
import io.jcadvisor.edge.HeavyRequestLimit;
import io.jcadvisor.edge.PlainText;
import io.jcadvisor.edge.RouteOrder;
import io.jcadvisor.manager.ContainerNotFoundException;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.quarkus.logging.Log;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RequestBody;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/...}: every API answer but the event streams ({@link EventStreamRoute}, ahead of this).
 * {@link ApiDispatcher} checks the request on the event loop, where a refusal is answered at once, and
 * builds the value on a worker; this writes it as JSON, on that worker, straight into the
 * {@link DirectChunkPool}'s buffers ({@link ChunkedResponseOutput}), and a refusal as plain text
 * ({@link PlainText}: 400 bad input, 404 unknown container or version, 500 only for our own faults,
 * logged without a stack trace reaching the client).
 *
 * <p>A Vert.x route rather than a REST resource: the REST layer wrote a 10 MB answer in 64 KiB buffers of
 * Netty's pool, each a fresh chunk (Quarkus sets {@code io.netty.allocator.maxOrder=3}) that was mapped,
 * zeroed, faulted in and unmapped again (bench/README.md, "API answers in the pooled buffers"). It
 * runs after the edge's filters (access, authentication, the body guard, the heavy-request cap,
 * {@link RouteOrder}), whose slot it gives back once the answer is written.
 *
 * <p>As upstream, GET, POST and PUT are answered alike; {@code HEAD} answers the status and headers a
 * GET would, {@code OPTIONS} the allowed methods, and any other method 405.
 */
@ApplicationScoped
public class ApiRoute {

    /** Content type of the event stream: one JSON event per line (upstream sends none). */
    static final String NDJSON = "application/x-ndjson";

    static final String JSON = "application/json";

    static final String ALLOW = "HEAD, GET, POST, PUT, OPTIONS";

    private final ApiDispatcher dispatcher;
    private final ObjectMapper mapper;
    private final DirectChunkPool buffers;

    public ApiRoute(ApiDispatcher dispatcher, ObjectMapper mapper, DirectChunkPool buffers) {
        this.dispatcher = dispatcher;
        this.mapper = mapper;
        this.buffers = buffers;
    }

    void install(@Observes Router router) {
        router.route("/api/*").order(RouteOrder.API).handler(this::route);
    }

    void route(RoutingContext rc) {
        HttpMethod method = rc.request().method();
        HttpServerResponse response = rc.response();
        if (PlainText.answeredOtherMethod(response, method, ALLOW, HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST,
                HttpMethod.PUT)) {
            return;
        }
        String rawPath;
        Map<String, List<String>> query;
        try {
            String target = rc.request().uri();
            rawPath = ApiDispatcher.rawPath(target);
            query = queryParameters(target);
        } catch (IllegalArgumentException e) {
            HeavyRequestLimit.release(rc);
            PlainText.answer(response, 400, "malformed request target: " + e.getMessage());
            return;
        }
        if (response.closed()) {
            // the client already left (a reset right after the request): no worker for no one
            HeavyRequestLimit.release(rc);
            return;
        }
        ApiDispatcher.Answer answer;
        try {
            answer = dispatcher.prepare(rawPath, query, body(rc));
        } catch (ContainerNotFoundException | RuntimeException e) {
            // a bad request or an unknown container: refused here, without a worker
            HeavyRequestLimit.release(rc);
            refuse(rc.request(), response, rawPath, e);
            return;
        }
        boolean head = method == HttpMethod.HEAD;
        rc.vertx().executeBlocking(() -> {
            try {
                answer(rc.request(), response, rawPath, answer, head);
            } finally {
                HeavyRequestLimit.release(rc);
            }
            return null;
        }, false);
    }

    /** Builds and writes one answer, on a worker; a failure costs this answer only. */
    private void answer(HttpServerRequest request, HttpServerResponse response, String rawPath,
            ApiDispatcher.Answer answer, boolean head) {
        if (response.closed()) {
            // the client left while the request waited for a worker: build nothing for no one
            return;
        }
        Object value;
        try {
            value = answer.build();
        } catch (ContainerNotFoundException | RuntimeException e) {
            refuse(request, response, rawPath, e);
            return;
        }
        if (response.closed()) {
            return;
        }
        response.putHeader("Content-Type", JSON);
        if (head) {
            response.end();
            return;
        }
        write(request, response, value);
    }

    /**
     * Answers what checking or building an answer threw: 404 for an unknown container, the status an
     * {@link ApiError} carries, and 500 for anything else, which is our fault and logged.
     */
    private static void refuse(HttpServerRequest request, HttpServerResponse response, String rawPath, Exception e) {
        if (e instanceof ContainerNotFoundException) {
            PlainText.answer(response, 404, e.getMessage());
        } else if (e instanceof ApiError error) {
            PlainText.answer(response, error.status(), error.getMessage());
        } else {
            Log.errorf(e, "internal error answering %s %s", request.method(), rawPath);
            PlainText.answer(response, 500, "internal error");
        }
    }

    private void write(HttpServerRequest request, HttpServerResponse response, Object value) {
        ChunkedResponseOutput out = new ChunkedResponseOutput(response, buffers);
        try {
            JsonGenerator generator = mapper.getFactory().createGenerator(out);
            // a failure must not end the response as if the answer were whole: out is closed only after
            generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            mapper.writeValue(generator, value);
            generator.close();
            out.close();
        } catch (IOException | RuntimeException e) {
            out.fail(e, request.method() + " " + request.path(), "internal error");
        }
    }

    /**
     * The query parameters, decoded, each with all its values in order; names are case-sensitive, as
     * upstream's, and {@code ;} is an ordinary character.
     *
     * @throws IllegalArgumentException a malformed percent-escape or target
     */
    static Map<String, List<String>> queryParameters(String target) {
        String raw = target.startsWith("/") ? rawQuery(target) : URI.create(target).getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return Map.of();
        }
        return new QueryStringDecoder(raw, StandardCharsets.UTF_8, false, 1024, true).parameters();
    }

    private static String rawQuery(String target) {
        int q = target.indexOf('?');
        return q < 0 ? null : target.substring(q + 1);
    }

    /** The buffered body ({@code io.jcadvisor.edge.RequestBodyGuard}), or {@code ""} without one. */
    private static String body(RoutingContext rc) {
        RequestBody body = rc.body();
        String text = body == null || !body.available() ? null : body.asString();
        return text == null ? "" : text;
    }
}
