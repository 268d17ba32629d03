package io.jcadvisor.container.containerd;

import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/** {@link ContainerdClient} over containerd's gRPC socket ({@link GrpcChannel}). */
public final class GrpcContainerdClient implements ContainerdClient, AutoCloseable {

    private final GrpcChannel channel;
    private final String namespace;
    private final String socketPath;

    /**
     * @param endpoint  socket path, with or without {@code unix://} ({@code /run/containerd/containerd.sock})
     * @param namespace containerd namespace ({@code k8s.io})
     * @param timeout   bound of every call
     */
    public GrpcContainerdClient(Vertx vertx, String endpoint, String namespace, Duration timeout) {
        this.socketPath = socketPath(endpoint);
        this.namespace = namespace;
        this.channel = new GrpcChannel(vertx, socketPath, namespace, timeout);
    }

    /** The socket path of {@code /path} or {@code unix:///path}. */
    static String socketPath(String endpoint) {
        String path = endpoint.startsWith("unix://") ? endpoint.substring("unix://".length()) : endpoint;
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("cadvisor.runtimes.containerd.endpoint: not a unix socket path: " + endpoint);
        }
        return path;
    }

    @Override
    public ContainerdVersion version() throws ContainerdException {
        return decode(ContainerdMessages.VERSION, () -> ContainerdMessages.version(
                channel.call(ContainerdMessages.VERSION, ContainerdMessages.versionRequest())));
    }

    @Override
    public Optional<ContainerdContainer> container(String id) throws ContainerdException {
        try {
            return Optional.of(decode(ContainerdMessages.CONTAINERS_GET, () -> ContainerdMessages.container(
                    channel.call(ContainerdMessages.CONTAINERS_GET, ContainerdMessages.containerRequest(id)))));
        } catch (ContainerdException e) {
            if (e.notFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Optional<ContainerdContainer> container(String id, Duration timeout) throws ContainerdException {
        try {
            return Optional.of(decode(ContainerdMessages.CONTAINERS_GET, () -> ContainerdMessages.container(
                    channel.call(ContainerdMessages.CONTAINERS_GET, ContainerdMessages.containerRequest(id), timeout))));
        } catch (ContainerdException e) {
            if (e.notFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Optional<ContainerdTask> task(String containerId) throws ContainerdException {
        try {
            return Optional.of(decode(ContainerdMessages.TASKS_GET, () -> ContainerdMessages.task(
                    channel.call(ContainerdMessages.TASKS_GET, ContainerdMessages.taskRequest(containerId)))));
        } catch (ContainerdException e) {
            if (e.notFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public AutoCloseable events(Consumer<ContainerdEvent> onEvent, Consumer<Throwable> onEnd) {
        return channel.stream(ContainerdMessages.EVENTS_SUBSCRIBE, ContainerdMessages.subscribeRequest(namespace),
                message -> {
                    ContainerdEvent event;
                    try {
                        event = ContainerdMessages.event(message);
                    } catch (ProtoReader.MalformedMessageException e) {
                        // One undecodable event (a newer daemon's shape) must not end the stream.
                        return;
                    }
                    if (event.namespace().equals(namespace) && !event.containerId().isEmpty()) {
                        onEvent.accept(event);
                    }
                }, onEnd);
    }

    @Override
    public String namespace() {
        return namespace;
    }

    private interface Call<T> {
        T run() throws ContainerdException;
    }

    private static <T> T decode(String method, Call<T> call) throws ContainerdException {
        try {
            return call.run();
        } catch (ProtoReader.MalformedMessageException e) {
            throw new ContainerdException(ContainerdException.INTERNAL, method + ": undecodable answer: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        channel.close();
    }

    @Override
    public String toString() {
        return "GrpcContainerdClient[" + socketPath + ", namespace " + namespace + "]";
    }
}
