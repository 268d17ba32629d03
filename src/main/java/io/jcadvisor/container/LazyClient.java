package io.jcadvisor.container;

import io.quarkus.logging.Log;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A runtime's daemon client (Docker, Podman, containerd) as the runtime skeleton holds it: built on
 * first use, so an agent whose runtime is never asked opens nothing, and never built when the runtime
 * is disabled in config ({@code cadvisor.runtimes.<name>.enabled=false}). This is the one disabled
 * state the runtimes share: {@link RuntimeAcceptor} answers {@link Acceptance#NOT_MINE} without a
 * call, the connection does not probe, and a call that still reaches {@link #get()} fails with
 * {@code "<name> disabled by configuration"} instead of reaching a daemon.
 *
 * @param <C> the runtime's client interface ({@code DockerClient}, {@code ContainerdClient})
 */
public final class LazyClient<C> {

    /** A call reached the client of a runtime that is switched off in config. */
    public static final class DisabledException extends IllegalStateException {

        DisabledException(String runtime) {
            super(runtime + " disabled by configuration");
        }
    }

    private final String runtime;
    private final boolean enabled;
    private final Supplier<? extends C> build;
    private volatile C client;
    private boolean closed;

    private LazyClient(String runtime, boolean enabled, Supplier<? extends C> build) {
        this.runtime = Objects.requireNonNull(runtime);
        this.enabled = enabled;
        this.build = Objects.requireNonNull(build);
    }

    /**
     * @param runtime the runtime's name in the disabled message ({@code docker}, {@code containerd})
     * @param enabled {@code cadvisor.runtimes.<name>.enabled}
     * @param build   makes the client (socket, timeouts); called at most once, never when disabled
     */
    public static <C> LazyClient<C> of(String runtime, boolean enabled, Supplier<? extends C> build) {
        return new LazyClient<>(runtime, enabled, build);
    }

    /** Whether the runtime is switched on in config. */
    public boolean enabled() {
        return enabled;
    }

    /**
     * The client, made on the first call.
     *
     * @throws DisabledException when the runtime is disabled in config
     * @throws IllegalStateException when the client was closed (at shutdown)
     */
    public C get() {
        C c = client;
        if (c != null) {
            return c;
        }
        if (!enabled) {
            throw new DisabledException(runtime);
        }
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException(runtime + " client closed");
            }
            if (client == null) {
                client = Objects.requireNonNull(build.get(), "client");
            }
            return client;
        }
    }

    /** Closes the client if it was made and is closeable (at shutdown); one not made yet is not made after. */
    public void close() {
        C c;
        synchronized (this) {
            closed = true;
            c = client;
        }
        if (c instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                Log.debugf("%s client close: %s", runtime, e);
            }
        }
    }
}
