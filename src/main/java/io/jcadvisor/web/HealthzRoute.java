package io.jcadvisor.web;

import io.jcadvisor.edge.PlainText;
import io.jcadvisor.edge.RouteOrder;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * {@code /healthz}: 200 {@code ok} (no newline) once the server listens, upstream's liveness probe.
 * Answered on the event loop by a Vert.x route ahead of the REST layer, never on a worker thread, so
 * no number of slow or streaming clients on the worker pool can make the probe wait.
 */
@ApplicationScoped
public class HealthzRoute {

    void install(@Observes Router router) {
        router.route("/healthz").method(HttpMethod.GET).method(HttpMethod.HEAD).order(RouteOrder.HEALTHZ)
                .handler(this::healthz);
    }

    void healthz(RoutingContext rc) {
        rc.response().putHeader(HttpHeaders.CONTENT_TYPE, PlainText.TYPE).end("ok");
    }
}
