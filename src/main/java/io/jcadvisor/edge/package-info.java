/**
 * The HTTP edge's defences against slow, streaming and hostile clients on the main port: Vert.x route
 * filters that run on the event loop ahead of the REST resources, so that no client can tie up a
 * worker thread by being slow, plus the plain-text refusals they answer with and the quiet logging of
 * clients that go away. Bounds come from {@code cadvisor.limits.*} and Quarkus' {@code quarkus.http.*}
 * keys; the README's "Hostile clients" section lists them.
 *
 * <p>Route order (lower runs first): {@code UrlBasePrefix} {@code MIN_VALUE}, {@code CleanPathRedirect}
 * {@code +1}, the UI authentication filter {@code +2}, then {@link RouteOrder}'s.
 */
package io.jcadvisor.edge;
