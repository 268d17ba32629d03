package io.jcadvisor.edge;

import io.jcadvisor.config.CadvisorConfig;
import io.vertx.core.http.HttpMethod;
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

    /** Key of a request's permit in its routing context. */
    static final String PERMIT = "jcadvisor.edge.heavy-permit";

    /** How long a slot whose client left stays taken if its route never gives it back. */
    static final Duration ABANDONED = Duration.ofSeconds(5);

    private final ConcurrencyLimit limit;
    private final Duration retryAfter;
    /** Heavy requests that arrived, answered or refused: the burst {@link BurstMemoryReturn} waits out. */
    private final java.util.concurrent.atomic.AtomicLong arrivals = new java.util.concurrent.atomic.AtomicLong();

    public HeavyRequestLimit(CadvisorConfig config) {
        this.limit = new ConcurrencyLimit("heavy requests", config.limits().heavyRequests());
        this.retryAfter = config.limits().retryAfter();
    }

    void install(@Observes Router router) {
        router.route().order(RouteOrder.HEAVY).handler(this::filter);
    }

    void filter(RoutingContext rc) {
        if (rc.get(PERMIT) != null || !isHeavy(rc.request().method(), rc.request().path())) {
            rc.next();
            return;
        }
        arrivals.incrementAndGet();
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
        rc.put(PERMIT, permit.get());
        // Not at once on response end: Vert.x ends a response when its connection closes, while the
        // worker is still building the answer, and a burst of aborted requests would then run
        // unbounded. The route gives the slot back when its work is done (release); this only
        // frees, ABANDONED later, a slot whose route never ran (the client left first).
        rc.addEndHandler(ended -> rc.vertx().setTimer(ABANDONED.toMillis(), id -> permit.get().close()));
        rc.next();
    }

    /**
     * Gives back the slot of a heavy request once its answer is written (or, when it has no body to
     * write, built), from the route that answers it ({@code ApiRoute}, {@code MetricsRoute}), in a
     * {@code finally}. Safe to call for a request that holds none, and twice.
     */
    public static void release(RoutingContext rc) {
        if (rc != null && rc.get(PERMIT) instanceof ConcurrencyLimit.Permit permit) {
            permit.close();
        }
    }

    /**
     * {@code GET /metrics}, or {@code GET}, {@code POST}, {@code PUT} or {@code HEAD} of
     * {@code /api/<version>/<type>...} with a heavy type: the requests that reach a route which
     * gives the slot back ({@code HEAD /metrics} writes no body, so it builds nothing).
     */
    static boolean isHeavy(HttpMethod method, String path) {
        if (path == null) {
            return false;
        }
        if (path.equals("/metrics")) {
            return method == HttpMethod.GET;
        }
        if (method != HttpMethod.GET && method != HttpMethod.POST && method != HttpMethod.PUT
                && method != HttpMethod.HEAD) {
            return false;
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

    /** Heavy requests that arrived since start, answered or refused. */
    public long arrivals() {
        return arrivals.get();
    }
}
