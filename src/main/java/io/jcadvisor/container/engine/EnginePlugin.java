package io.jcadvisor.container.engine;

import io.jcadvisor.container.Acceptance;
import io.jcadvisor.container.ContainerHandler;
import io.jcadvisor.container.ContainerHandlerFactory;
import jakarta.annotation.PreDestroy;

/**
 * A runtime plugin whose work is an {@link EngineFactory}'s (Docker, Podman): acceptance, handlers,
 * the daemon's status and shutdown are the engine's; a subclass gives the runtime, its cgroup and
 * storage layout, its settings and its order, starts the engine at start-up and produces its
 * {@link EngineReport}.
 */
public abstract class EnginePlugin implements ContainerHandlerFactory {

    private final EngineFactory engine;
    private final int order;

    /** For CDI's client proxy only: a proxy delegates every call to the real bean. */
    protected EnginePlugin() {
        this.engine = null;
        this.order = 0;
    }

    /** @param order place among the factories, and of this runtime's {@code /validate/} section */
    protected EnginePlugin(EngineFactory engine, int order) {
        this.engine = engine;
        this.order = order;
    }

    @Override
    public String name() {
        return engine.runtime().name();
    }

    @Override
    public int order() {
        return order;
    }

    /**
     * {@code ACCEPT} when the name maps to a container id and the daemon inspects that container as
     * running; {@code NOT_MINE} otherwise, and while the daemon does not answer
     * (see {@link EngineFactory#canHandleAndAccept(String)}).
     */
    @Override
    public Acceptance canHandleAndAccept(String name) {
        return engine.canHandleAndAccept(name);
    }

    @Override
    public ContainerHandler newHandler(String name) {
        return engine.newHandler(name);
    }

    /** First contact with the daemon; see {@link EngineFactory#ensureStarted()}. */
    public void ensureStarted() {
        engine.ensureStarted();
    }

    /** First contact with the daemon, in the background; see {@link EngineFactory#startInBackground()}. */
    public void startInBackground() {
        engine.startInBackground();
    }

    /** The daemon as last seen: reachability, version, storage driver, root, last error. */
    public DockerStatus status() {
        return engine.status();
    }

    /** This runtime's part of {@code /validate/} and its version, from the last status (no daemon call). */
    protected EngineReport report() {
        return new EngineReport(engine.runtime(), this::status, order);
    }

    /** Stops the event stream, retries and walks (at shutdown). */
    @PreDestroy
    public void close() {
        engine.close();
    }
}
