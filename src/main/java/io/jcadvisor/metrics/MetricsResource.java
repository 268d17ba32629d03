package io.jcadvisor.metrics;

import io.jcadvisor.manager.ContainerSource;
import io.prometheus.client.exporter.common.TextFormat;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import io.jcadvisor.edge.ClientGoneGuard;
import io.jcadvisor.edge.HeavyRequestLimit;
import io.vertx.ext.web.RoutingContext;
import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import java.io.OutputStream;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * {@code GET /metrics}: the Prometheus exposition in cAdvisor's shape. Text format 0.0.4 unless the
 * client explicitly accepts {@code application/openmetrics-text}; gzip when the client accepts it.
 * Query parameters as upstream head ({@link MetricsQuery}); a bad one answers 400 in plain text.
 * Micrometer's own endpoint stays at {@code /q/metrics}, on the management interface.
 */
@Path("/metrics")
public class MetricsResource {

    private static final int BUFFER = 64 * 1024;

    @Inject
    MetricsScraper scraper;

    @Inject
    Instance<ContainerSource> source;

    @GET
    public Response metrics(@QueryParam("type") String type, @QueryParam("count") String count,
            @QueryParam("recursive") String recursive, @QueryParam("max_age") String maxAge,
            @HeaderParam(HttpHeaders.ACCEPT) String accept,
            @HeaderParam(HttpHeaders.ACCEPT_ENCODING) String acceptEncoding,
            @Context HttpServerResponse vertxResponse, @Context RoutingContext routing) {
        boolean streamed = false;
        try {
            Response r = answer(type, count, recursive, maxAge, accept, acceptEncoding, vertxResponse, routing);
            streamed = r.getEntity() instanceof StreamingOutput;
            return r;
        } finally {
            if (!streamed) {
                HeavyRequestLimit.release(routing);
            }
        }
    }

    private Response answer(String type, String count, String recursive, String maxAge, String accept,
            String acceptEncoding, HttpServerResponse vertxResponse, RoutingContext routing) {
        ScrapeOptions options;
        try {
            options = MetricsQuery.parse(type, count, recursive, maxAge);
        } catch (MetricsQuery.BadParameterException e) {
            return Response.status(Response.Status.BAD_REQUEST).type("text/plain; charset=utf-8")
                    .entity(e.getMessage() + "\n").build();
        }
        if (!source.isResolvable()) {
            return Response.serverError().type("text/plain; charset=utf-8")
                    .entity("no container source is configured\n").build();
        }
        ContainerSource containers = source.get();
        String contentType = TextFormat.chooseContentType(accept);
        boolean openMetrics = !TextFormat.CONTENT_TYPE_004.equals(contentType);
        boolean gzip = acceptsGzip(acceptEncoding);
        StreamingOutput body = raw -> {
            try {
                // stop building the exposition as soon as the scraper has gone away
                OutputStream out = new ClientGoneGuard(raw, vertxResponse::closed);
                OutputStream target = gzip ? new FastGzip(out) : out;
                scraper.write(target, containers, options, openMetrics, BUFFER);
                if (gzip) {
                    ((GZIPOutputStream) target).finish();
                }
            } finally {
                HeavyRequestLimit.release(routing);
            }
        };
        Response.ResponseBuilder response = Response.ok(body).type(contentType).header(HttpHeaders.VARY,
                HttpHeaders.ACCEPT_ENCODING);
        if (gzip) {
            response.header(HttpHeaders.CONTENT_ENCODING, "gzip");
        }
        return response.build();
    }

    /**
     * Deflate level 1: Prometheus asks for gzip on every scrape, and on this highly repetitive text
     * level 1 costs about half the CPU of the default level for a few percent more bytes.
     */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(OutputStream out) throws java.io.IOException {
            super(out, BUFFER);
            def.setLevel(java.util.zip.Deflater.BEST_SPEED);
        }
    }

    /** True when {@code Accept-Encoding} lists gzip (or *) without {@code q=0}. */
    static boolean acceptsGzip(String header) {
        if (header == null) {
            return false;
        }
        for (String part : header.split(",")) {
            String[] pieces = part.trim().split(";");
            String coding = pieces[0].trim().toLowerCase(Locale.ROOT);
            if (!coding.equals("gzip") && !coding.equals("*")) {
                continue;
            }
            boolean zero = false;
            for (int i = 1; i < pieces.length; i++) {
                String p = pieces[i].trim().replace(" ", "");
                if (p.startsWith("q=")) {
                    try {
                        zero = Double.parseDouble(p.substring(2)) == 0;
                    } catch (NumberFormatException e) {
                        zero = true; // an unreadable weight is not consent
                    }
                }
            }
            if (!zero) {
                return true;
            }
        }
        return false;
    }
}
