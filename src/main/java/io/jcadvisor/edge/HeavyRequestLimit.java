package io.jcadvisor.edge;

import io.jcadvisor.config.CadvisorConfig;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Caps the answers that are built whole in memory and grow with the number of containers and samples
 * ({@code /metrics}, container info, subcontainers, stats, summary, spec, ps) at
 * {@code cadvisor.limits.heavy-requests} at once; one more is answered 503 with {@code Retry-After}
 * at once rather than queued, so a burst of clients cannot push the heap (and the pod's RSS) past its
 * limit, and an honest scraper retries. Probes, {@code /machine}, events and the UI pages are never
 * counted.
 */
@ApplicationScoped
public class HeavyRequestLimit {

    /** API request types whose answer grows with the containers or samples held. */
    static final Set<String> HEAVY_TYPES = Set.of("containers", "subcontainers", "docker", "stats", "summary",
            "spec", "ps", "storage");

    private final ConcurrencyLimit limit;
    private final Duration retryAfter;

    public HeavyRequestLimit(CadvisorConfig config) {
        this.limit = new ConcurrencyLimit("heavy requests", config.limits().heavyRequests());
        this.retryAfter = config.limits().retryAfter();
    }

    void install(@Observes Router router) {
        router.route().order(RouteOrder.HEAVY).handler(this::filter);
    }

    void filter(RoutingContext rc) {
        if (rc.get(ConcurrencyLimit.Permit.class.getName()) != null || !isHeavy(rc.request().path())) {
            rc.next();
            return;
        }
        Optional<ConcurrencyLimit.Permit> permit = limit.tryAcquire();
        if (permit.isEmpty()) {
            PlainText.refuse(rc.response(), 503, retryAfter, "busy: " + limit.max()
                    + " heavy requests are being answered (cadvisor.limits.heavy-requests); retry later");
            return;
        }
        if (rc.response().closed()) {
            // the client already went away (an aborted request): build nothing for nobody
            permit.get().close();
            return;
        }
        rc.put(ConcurrencyLimit.Permit.class.getName(), permit.get());
        rc.addEndHandler(done -> permit.get().close());
        rc.next();
    }

    /** {@code /metrics}, or {@code /api/<version>/<type>...} with a heavy type. */
    static boolean isHeavy(String path) {
        if (path == null) {
            return false;
        }
        if (path.equals("/metrics")) {
            return true;
        }
        if (!path.startsWith("/api/")) {
            return false;
        }
        String[] segments = path.split("/", 5);
        return segments.length >= 4 && HEAVY_TYPES.contains(segments[3]);
    }

    /** Heavy answers in flight now. */
    public int inUse() {
        return limit.inUse();
    }
}
