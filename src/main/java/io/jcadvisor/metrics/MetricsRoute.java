package io.jcadvisor.metrics;

import io.jcadvisor.edge.ChunkedResponseOutput;
import io.jcadvisor.edge.DirectChunkPool;
import io.jcadvisor.edge.HeavyRequestLimit;
import io.jcadvisor.edge.PlainText;
import io.jcadvisor.edge.RouteOrder;
import io.jcadvisor.manager.ContainerSource;
import io.prometheus.client.exporter.common.TextFormat;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * {@code GET /metrics}: the Prometheus exposition in cAdvisor's shape. Text format 0.0.4 unless the
 * client explicitly accepts {@code application/openmetrics-text}; gzip when the client accepts it.
 * Query parameters as upstream head ({@link MetricsQuery}); a bad one answers 400 in plain text.
 * Micrometer's own endpoint stays at {@code /q/metrics}, on the management interface.
 *
 * <p>A Vert.x route rather than a REST resource: the exposition is built on a worker and written
 * straight into pooled direct buffers ({@link ChunkedResponseOutput}), with none of the REST layer's
 * per-request work, which a young agent runs interpreted on every scrape (bench/README.md, "A route of
 * its own for /metrics"). It runs after the edge's filters (access, authentication, the heavy-request
 * cap, {@link RouteOrder}), as the REST resources did. {@code HEAD} answers the headers only,
 * {@code OPTIONS} the allowed methods, and any other method 405.
 */
@ApplicationScoped
public class MetricsRoute {

    static final String ALLOW = "HEAD, GET, OPTIONS";

    private final MetricsScraper scraper;
    private final Instance<ContainerSource> source;
    private final DirectChunkPool buffers;

    public MetricsRoute(MetricsScraper scraper, Instance<ContainerSource> source, DirectChunkPool buffers) {
        this.scraper = scraper;
        this.source = source;
        this.buffers = buffers;
    }

    void install(@Observes Router router) {
        router.route("/metrics").order(RouteOrder.METRICS).handler(this::route);
    }

    void route(RoutingContext rc) {
        HttpMethod method = rc.request().method();
        HttpServerResponse response = rc.response();
        if (PlainText.answeredOtherMethod(response, method, ALLOW, HttpMethod.GET, HttpMethod.HEAD)) {
            return;
        }
        MultiMap query = rc.queryParams();
        ScrapeOptions options;
        try {
            options = MetricsQuery.parse(query.get("type"), query.get("count"), query.get("recursive"),
                    query.get("max_age"));
        } catch (MetricsQuery.BadParameterException e) {
            HeavyRequestLimit.release(rc);
            PlainText.answer(response, 400, e.getMessage());
            return;
        }
        if (!source.isResolvable()) {
            HeavyRequestLimit.release(rc);
            PlainText.answer(response, 500, "no container source is configured");
            return;
        }
        String contentType = TextFormat.chooseContentType(rc.request().getHeader(HttpHeaders.ACCEPT));
        boolean gzip = acceptsGzip(rc.request().getHeader(HttpHeaders.ACCEPT_ENCODING));
        // header names as upstream writes them (Go canonical case)
        response.putHeader("Content-Type", contentType).putHeader("Vary", "Accept-Encoding");
        if (gzip) {
            response.putHeader("Content-Encoding", "gzip");
        }
        if (method == HttpMethod.HEAD) {
            response.end();
            return;
        }
        boolean openMetrics = !TextFormat.CONTENT_TYPE_004.equals(contentType);
        ContainerSource containers = source.get();
        rc.vertx().executeBlocking(() -> {
            try {
                write(response, containers, options, openMetrics, gzip);
            } finally {
                HeavyRequestLimit.release(rc);
            }
            return null;
        }, false);
    }

    /** Builds and sends the exposition, on a worker; a failure costs this answer only. */
    private void write(HttpServerResponse response, ContainerSource containers, ScrapeOptions options,
            boolean openMetrics, boolean gzip) {
        ChunkedResponseOutput chunks = new ChunkedResponseOutput(response, buffers);
        try {
            // the chunks stop the exposition being built as soon as the scraper has gone away
            OutputStream target = gzip ? new FastGzip(chunks, buffers.chunkSize()) : chunks;
            scraper.write(target, containers, options, openMetrics, buffers.chunkSize());
            target.close();
        } catch (IOException | RuntimeException e) {
            chunks.fail(e, "GET /metrics", "could not build the metrics: " + e);
        }
    }

    /**
     * Deflate level 1: Prometheus asks for gzip on every scrape, and on this highly repetitive text
     * level 1 costs about half the CPU of the default level for a few percent more bytes.
     */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(OutputStream out, int bufferSize) throws IOException {
            super(out, bufferSize);
            def.setLevel(Deflater.BEST_SPEED);
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
