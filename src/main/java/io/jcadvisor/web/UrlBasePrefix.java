package io.jcadvisor.web;

import io.jcadvisor.config.CadvisorConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Upstream's {@code -url_base_prefix} ({@code cadvisor.url-base-prefix}): every route lives under the
 * prefix, which is stripped before routing, so the API, {@code /metrics}, {@code /healthz} and the UI
 * answer at {@code <prefix>/...} and nowhere else (404). {@code <prefix>} alone redirects to
 * {@code <prefix>/containers/}, as upstream's root redirect includes the prefix. Quarkus' own
 * {@code /q/health/*} probes stay unprefixed, so a DaemonSet's probes need no change.
 *
 * <p>The UI needs nothing more: its pages link assets and call the API with relative URLs under a
 * {@code <base href>} computed from the path.
 */
@ApplicationScoped
public class UrlBasePrefix {

    /** Marks a request already stripped, so the rerouted request passes straight through. */
    private static final String STRIPPED = "jcadvisor.url-base-prefix.stripped";

    private final String prefix;

    public UrlBasePrefix(CadvisorConfig config) {
        this.prefix = normalize(config.urlBasePrefix().orElse(""));
    }

    /** {@code cadvisor}, {@code /cadvisor/} → {@code /cadvisor}; blank or {@code /} → none. */
    public static String normalize(String raw) {
        String p = raw.trim();
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.isEmpty()) {
            return "";
        }
        return p.startsWith("/") ? p : "/" + p;
    }

    void install(@Observes Router router) {
        if (!prefix.isEmpty()) {
            // Ahead of every route Quarkus registers (REST resources, static files, health).
            router.route().order(Integer.MIN_VALUE).handler(this::route);
        }
    }

    void route(RoutingContext rc) {
        String path = rc.request().path();
        if (rc.get(STRIPPED) != null || path.startsWith("/q/")) {
            rc.next();
            return;
        }
        if (path.equals(prefix)) {
            rc.response().setStatusCode(307).putHeader(HttpHeaders.LOCATION, prefix + "/containers/").end();
            return;
        }
        if (!path.startsWith(prefix + "/")) {
            rc.response().setStatusCode(404).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain")
                    .end("not found: every path is under " + prefix + "/ (cadvisor.url-base-prefix)\n");
            return;
        }
        String query = rc.request().query();
        rc.put(STRIPPED, Boolean.TRUE);
        rc.reroute(path.substring(prefix.length()) + (query == null ? "" : "?" + query));
    }
}
