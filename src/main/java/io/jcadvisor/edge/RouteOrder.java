package io.jcadvisor.edge;

/**
 * Orders of the edge's Vert.x routes. They run after the path filters of {@code io.jcadvisor.web}
 * ({@code Integer.MIN_VALUE} to {@code MIN_VALUE + 2}), which only redirect or refuse without reading
 * a body, and before every route Quarkus registers (REST resources, health, static files).
 */
public final class RouteOrder {

    /** {@code /healthz}, answered at once on the event loop. */
    public static final int HEALTHZ = Integer.MIN_VALUE + 3;

    /** Framing check and body buffering with a deadline. */
    public static final int BODY = Integer.MIN_VALUE + 4;

    /** The cap on concurrent heavy answers. */
    public static final int HEAVY = Integer.MIN_VALUE + 5;

    /** Event streams, served asynchronously. */
    public static final int EVENT_STREAM = Integer.MIN_VALUE + 6;

    /** {@code /metrics}, streamed from a worker. */
    public static final int METRICS = Integer.MIN_VALUE + 7;

    /** {@code /api/...} JSON answers, written from a worker. */
    public static final int API = Integer.MIN_VALUE + 8;

    private RouteOrder() {
    }
}
