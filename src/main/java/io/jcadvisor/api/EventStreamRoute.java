package io.jcadvisor.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jcadvisor.config.CadvisorConfig;
import io.jcadvisor.edge.ConcurrencyLimit;
import io.jcadvisor.edge.PlainText;
import io.jcadvisor.edge.RouteOrder;
import io.jcadvisor.info.v1.Event;
import io.jcadvisor.manager.ContainerQueries;
import io.quarkus.logging.Log;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code /api/<version>/events?stream=true...}: the event subscription, served on the event loop with
 * no thread of its own. The event store hands each matching event to this connection's Vert.x
 * context, which writes it as one JSON line. At most {@code cadvisor.limits.event-streams} are open at
 * once; one more is answered 429 with {@code Retry-After}. A request this route cannot parse goes on to
 * {@link ApiRoute}, which answers the error (and serves every non-stream {@code events} query).
 *
 * <p>As upstream, the status line and headers go out at once, before any event. A client too slow to
 * keep up loses the newest events beyond {@link #STREAM_BUFFER} and Vert.x's write queue rather than
 * growing the heap. A blank line goes out on a stream silent for {@code
 * cadvisor.limits.event-stream-keepalive}, so the server's idle timeout does not end a live
 * subscription (JSON stream decoders, upstream's Go client included, skip it; upstream sends none).
 */
@ApplicationScoped
public class EventStreamRoute {

    /** Events handed to the event loop and not yet written, per stream, before newer ones are dropped. */
    static final int STREAM_BUFFER = 1024;

    private final ContainerQueries queries;
    private final ObjectMapper mapper;
    private final ConcurrencyLimit streams;
    private final Duration retryAfter;
    private final Duration keepalive;

    public EventStreamRoute(ContainerQueries queries, ObjectMapper mapper, CadvisorConfig config) {
        this.queries = queries;
        this.mapper = mapper;
        this.streams = new ConcurrencyLimit("event streams", config.limits().eventStreams());
        this.retryAfter = config.limits().retryAfter();
        this.keepalive = config.limits().eventStreamKeepalive();
    }

    void install(@Observes Router router) {
        router.route("/api/*").order(RouteOrder.EVENT_STREAM).handler(this::route);
    }

    /** Streams open now. */
    public int open() {
        return streams.inUse();
    }

    void route(RoutingContext rc) {
        Optional<EventsQuery> query = streamQuery(ApiDispatcher.rawPath(rc.request().uri()), rc.queryParams());
        if (query.isEmpty()) {
            rc.next();
            return;
        }
        Optional<ConcurrencyLimit.Permit> permit = streams.tryAcquire();
        if (permit.isEmpty()) {
            PlainText.refuse(rc.response(), 429, retryAfter, "too many event streams: " + streams.max()
                    + " are open (cadvisor.limits.event-streams); retry later");
            return;
        }
        stream(rc, query.get(), permit.get());
    }

    /**
     * The events query of a valid stream request, or empty for anything else (another request type,
     * no {@code stream=true}, a bad parameter: {@link ApiRoute} answers those).
     */
    static Optional<EventsQuery> streamQuery(String rawPath, MultiMap params) {
        // Every /api request passes here first. Only one with a stream parameter can be a stream: the
        // others go on unparsed, and ApiRoute parses their path once (a young agent runs this interpreted).
        if (params.get("stream") == null) {
            return Optional.empty();
        }
        try {
            int api = rawPath.indexOf("/api");
            ApiPath path = ApiPath.parse(api < 0 ? rawPath : rawPath.substring(api));
            Optional<ApiVersion> version = ApiVersion.of(path.version());
            if (version.isEmpty() || !path.requestType().equals("events")
                    || !version.get().requestTypes().contains("events")) {
                return Optional.empty();
            }
            Map<String, List<String>> query = new LinkedHashMap<>();
            for (String name : params.names()) {
                query.put(name, params.getAll(name));
            }
            if (version.get().isV2()) {
                RequestOptions.parse(query);
            }
            EventsQuery events = EventsQuery.parse(path.containerName(), query);
            return events.stream() ? Optional.of(events) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private void stream(RoutingContext rc, EventsQuery query, ConcurrencyLimit.Permit permit) {
        HttpServerResponse response = rc.response();
        Context context = rc.vertx().getOrCreateContext();
        AtomicInteger pending = new AtomicInteger();
        AtomicBoolean wrote = new AtomicBoolean();
        response.setStatusCode(200).setChunked(true).putHeader(HttpHeaders.CONTENT_TYPE, ApiRoute.NDJSON);
        response.write(Buffer.buffer());
        AutoCloseable watch = queries.watchEvents(query.request(), event -> {
            if (pending.incrementAndGet() > STREAM_BUFFER) {
                pending.decrementAndGet();
                Log.debugf("event stream buffer full, dropping %s event of %s", event.eventType(), event.containerName());
                return;
            }
            context.runOnContext(v -> {
                pending.decrementAndGet();
                if (write(response, event)) {
                    wrote.set(true);
                }
            });
        });
        long timer = rc.vertx().setPeriodic(Math.max(1, keepalive.toMillis()), id -> {
            if (!wrote.getAndSet(false) && writable(response)) {
                response.write("\n");
            }
        });
        AtomicBoolean ended = new AtomicBoolean();
        Runnable end = () -> {
            if (ended.compareAndSet(false, true)) {
                rc.vertx().cancelTimer(timer);
                permit.close();
                try {
                    watch.close();
                } catch (Exception e) {
                    Log.debugf(e, "closing an event watch");
                }
            }
        };
        response.closeHandler(v -> end.run());
        response.exceptionHandler(e -> end.run());
        response.endHandler(v -> end.run());
        if (response.closed()) {
            end.run();
        }
    }

    private static boolean writable(HttpServerResponse response) {
        return !response.closed() && !response.ended() && !response.writeQueueFull();
    }

    /** Writes one event line; false when the client is gone or not reading (the event is dropped). */
    private boolean write(HttpServerResponse response, Event event) {
        if (!writable(response)) {
            Log.debugf("event stream client not reading, dropping %s event of %s", event.eventType(),
                    event.containerName());
            return false;
        }
        try {
            byte[] line = mapper.writeValueAsBytes(event);
            response.write(Buffer.buffer(line.length + 1).appendBytes(line).appendByte((byte) '\n'));
            return true;
        } catch (JsonProcessingException e) {
            Log.warnf(e, "event of %s cannot be written as JSON", event.containerName());
            return false;
        }
    }
}
