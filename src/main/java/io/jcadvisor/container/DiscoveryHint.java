package io.jcadvisor.container;

/**
 * A runtime saw a container start or stop (e.g. Docker's event stream): a CDI event asking discovery
 * to look now rather than wait for the watch or the global walk.
 *
 * @param runtime the runtime that saw it ({@code docker})
 * @param id      the runtime's container id
 * @param started true on start, false on stop or removal
 */
public record DiscoveryHint(String runtime, String id, boolean started) {
}
