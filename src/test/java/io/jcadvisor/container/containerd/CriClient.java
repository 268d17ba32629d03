package io.jcadvisor.container.containerd;

import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The CRI {@code runtime.v1} RuntimeService and ImageService over containerd's socket, as a kubelet
 * calls them, carried by the agent's own {@link GrpcChannel} (unary gRPC on a unix socket). Test scope:
 * the agent itself never speaks CRI.
 */
final class CriClient implements AutoCloseable {

    /** RunPodSandbox sets up the network (CNI) and may take seconds on a loaded host. */
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final GrpcChannel channel;

    CriClient(Vertx vertx, String socket) {
        // CRI does not read the containerd-namespace header; k8s.io is where it keeps everything.
        this.channel = new GrpcChannel(vertx, socket, "k8s.io", TIMEOUT);
    }

    /** {@code Version}: runtime name and version ({@code containerd 1.6.20~ds1}). */
    String version() throws ContainerdException {
        return CriMessages.version(call(CriMessages.RUNTIME + "Version", CriMessages.versionRequest()));
    }

    /** {@code RunPodSandbox}: the sandbox id. */
    String runPodSandbox(CriMessages.PodConfig config) throws ContainerdException {
        return CriMessages.firstString(call(CriMessages.RUNTIME + "RunPodSandbox",
                CriMessages.runPodSandbox(config)));
    }

    void stopPodSandbox(String id) throws ContainerdException {
        call(CriMessages.RUNTIME + "StopPodSandbox", CriMessages.idRequest(id));
    }

    void removePodSandbox(String id) throws ContainerdException {
        call(CriMessages.RUNTIME + "RemovePodSandbox", CriMessages.idRequest(id));
    }

    /** Ids of every sandbox the runtime has ({@code ListPodSandbox} without filter). */
    List<String> listPodSandboxes() throws ContainerdException {
        return CriMessages.sandboxIds(call(CriMessages.RUNTIME + "ListPodSandbox", new byte[0]));
    }

    /** {@code CreateContainer}: the container id. */
    String createContainer(String sandboxId, CriMessages.ContainerConfig config, CriMessages.PodConfig sandbox)
            throws ContainerdException {
        return CriMessages.firstString(call(CriMessages.RUNTIME + "CreateContainer",
                CriMessages.createContainer(sandboxId, config, sandbox)));
    }

    void startContainer(String id) throws ContainerdException {
        call(CriMessages.RUNTIME + "StartContainer", CriMessages.idRequest(id));
    }

    /** {@code StopContainer} with a grace period: SIGTERM, then SIGKILL after it (0: at once). */
    void stopContainer(String id, long timeoutSeconds) throws ContainerdException {
        call(CriMessages.RUNTIME + "StopContainer", CriMessages.stopContainer(id, timeoutSeconds),
                TIMEOUT.plusSeconds(timeoutSeconds));
    }

    void removeContainer(String id) throws ContainerdException {
        call(CriMessages.RUNTIME + "RemoveContainer", CriMessages.idRequest(id));
    }

    CriMessages.ContainerStatus containerStatus(String id) throws ContainerdException {
        return CriMessages.containerStatus(call(CriMessages.RUNTIME + "ContainerStatus",
                CriMessages.idRequest(id)));
    }

    /** {@code ImageStatus}: the image id when the runtime has the image. */
    Optional<String> imageStatus(String image) throws ContainerdException {
        return CriMessages.imageId(call(CriMessages.IMAGES + "ImageStatus",
                CriMessages.imageStatusRequest(image)));
    }

    private byte[] call(String method, byte[] request) throws ContainerdException {
        return call(method, request, TIMEOUT);
    }

    /** One call; a slow one (over 1 s) is printed, for the suite's time. */
    private byte[] call(String method, byte[] request, Duration limit) throws ContainerdException {
        long start = System.nanoTime();
        try {
            return channel.call(method, request, limit);
        } finally {
            long ms = (System.nanoTime() - start) / 1_000_000;
            if (ms > 1000) {
                System.out.printf("CRI %s took %d ms%n", method, ms);
            }
        }
    }

    @Override
    public void close() {
        channel.close();
    }
}
