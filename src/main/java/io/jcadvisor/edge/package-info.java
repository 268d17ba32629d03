/**
 * The HTTP edge's defences against slow, streaming and hostile clients on the main port: Vert.x route
 * filters that run on the event loop ahead of the REST resources, so that no client can tie up a
 * worker thread by being slow, plus the plain-text refusals they answer with and the quiet logging of
 * clients that go away. Below the router, at the Netty level, {@link io.jcadvisor.edge.ConnectionGate}
 * bounds the connections at accept and {@link io.jcadvisor.edge.RequestHeadDeadline} times each
 * request head ({@link io.jcadvisor.edge.ConnectionGuard} installs both). Bounds come from
 * {@code cadvisor.limits.*} and Quarkus' {@code quarkus.http.*} keys; the README's "Hostile clients"
 * section lists them.
 *
 * <p>Route order (lower runs first; the same order runs in observer priority order):
 * {@code ConnectionGuard} {@code MIN_VALUE} (priority 0: every head is reported to its deadline, and an
 * over-limit connection refused, before anything else), the web config's access filter and
 * {@code UrlBasePrefix} {@code MIN_VALUE}, {@code CleanPathRedirect}
 * {@code +1}, the UI authentication filter {@code +2}, then {@link RouteOrder}'s.
 */
package io.jcadvisor.edge;
