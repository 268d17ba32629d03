package io.jcadvisor.container;

/**
 * One container runtime's plugin (an {@code @ApplicationScoped} bean). The manager asks the factories
 * in {@link #order()} (raw always last) and the first that does not answer {@link Acceptance#NOT_MINE}
 * decides. A runtime that is not reachable answers {@code NOT_MINE} for everything; one that is
 * reachable but has not described a container yet answers {@link Acceptance#PENDING} and fires a
 * {@link DiscoveryHint} when it has.
 */
public interface ContainerHandlerFactory {

    /** Short runtime name: {@code raw}, {@code docker}, {@code systemd}, … */
    String name();

    /** Lower asks first; raw uses {@link Integer#MAX_VALUE}. */
    int order();

    /**
     * Whether this runtime owns the cgroup {@code name} (a path like {@code /docker/<id>}) and
     * whether to track it. Runs the cheap name check before any daemon call.
     */
    Acceptance canHandleAndAccept(String name);

    /** A handler for a name this factory accepted. */
    ContainerHandler newHandler(String name);
}
