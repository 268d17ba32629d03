package io.jcadvisor.container;

/**
 * A runtime saw a container start or stop (e.g. Docker's event stream), fired asynchronously
 * ({@code fireAsync}: the manager observes it with {@code @ObservesAsync}). On a start, a cgroup of
 * that id that appeared before the runtime called it running, and so went to raw or to nobody, is
 * offered to the runtime factories again.
 *
 * @param runtime the runtime that saw it ({@code docker})
 * @param id      the runtime's container id
 * @param started true on start, false on stop or removal
 */
public record DiscoveryHint(String runtime, String id, boolean started) {
}
