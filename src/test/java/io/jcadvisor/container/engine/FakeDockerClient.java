package io.jcadvisor.container.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A hand-written {@link DockerClient}: containers in a map, every call counted, reachability switchable.
 * Public for the Podman tests, whose service speaks the same API.
 */
public final class FakeDockerClient implements DockerClient {

    public final Map<String, DockerInspect> containers = new HashMap<>();
    /** What inspect throws for an id instead of answering (e.g. a daemon's error status). */
    public final Map<String, DockerException> inspectErrors = new HashMap<>();
    final AtomicInteger calls = new AtomicInteger();
    public final AtomicInteger inspectCalls = new AtomicInteger();
    final List<Consumer<DockerEvent>> eventListeners = new ArrayList<>();
    final List<Consumer<Throwable>> endListeners = new ArrayList<>();
    final AtomicInteger eventsOpened = new AtomicInteger();
    public volatile boolean reachable = true;

    private void call() throws DockerException {
        calls.incrementAndGet();
        if (!reachable) {
            throw new DockerException("connect: no such file or directory");
        }
    }

    /** While set, version waits for it: a daemon slow to answer its first contact (Podman's service). */
    public volatile java.util.concurrent.CountDownLatch holdVersion;

    @Override
    public DockerVersion version() throws DockerException {
        java.util.concurrent.CountDownLatch hold = holdVersion;
        if (hold != null) {
            try {
                hold.await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        call();
        return new DockerVersion("20.10.24+dfsg1", "1.41");
    }

    @Override
    public DockerInfo info() throws DockerException {
        call();
        return new DockerInfo("20.10.24+dfsg1", "overlay2", "/var/lib/docker");
    }

    /** While set, run after each inspect has taken its answer: the daemon's state moving on between asks. */
    public volatile Runnable afterInspect;

    /** While set, inspect waits for it: a daemon still starting the container. */
    public volatile java.util.concurrent.CountDownLatch holdInspect;

    @Override
    public Optional<DockerInspect> inspect(String id) throws DockerException {
        java.util.concurrent.CountDownLatch hold = holdInspect;
        if (hold != null) {
            try {
                hold.await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        call();
        inspectCalls.incrementAndGet();
        DockerException error = inspectErrors.get(id);
        if (error != null) {
            throw error;
        }
        Optional<DockerInspect> answer = Optional.ofNullable(containers.get(id));
        Runnable after = afterInspect;
        if (after != null) {
            after.run();
        }
        return answer;
    }

    /** The bound of the last inspect asked with one of its own; null while none was. */
    public volatile java.time.Duration lastInspectTimeout;

    @Override
    public Optional<DockerInspect> inspect(String id, java.time.Duration timeout) throws DockerException {
        lastInspectTimeout = timeout;
        return inspect(id);
    }

    @Override
    public List<DockerContainerSummary> listContainers() throws DockerException {
        call();
        return containers.values().stream()
                .map(c -> new DockerContainerSummary(c.id(), List.of(c.name()), c.running() ? "running" : "exited"))
                .toList();
    }

    @Override
    public synchronized AutoCloseable events(Consumer<DockerEvent> onEvent, Consumer<Throwable> onEnd) {
        eventsOpened.incrementAndGet();
        eventListeners.add(onEvent);
        endListeners.add(onEnd);
        return () -> {
            synchronized (this) {
                eventListeners.remove(onEvent);
                endListeners.remove(onEnd);
            }
        };
    }

    /** The daemon drops every open stream (a restart). */
    void dropStreams(Throwable cause) {
        List<Consumer<Throwable>> ends;
        synchronized (this) {
            ends = new ArrayList<>(endListeners);
            endListeners.clear();
            eventListeners.clear();
        }
        ends.forEach(e -> e.accept(cause));
    }

    public synchronized void emit(DockerEvent event) {
        eventListeners.forEach(l -> l.accept(event));
    }

    /** A running container as {@code docker run --name <name> --label team=spec} would report it. */
    public static DockerInspect running(String id, String name) {
        return container(id, name, true, "bridge", 0, null);
    }

    public static DockerInspect container(String id, String name, boolean running, String networkMode, int restarts,
            String health) {
        return new DockerInspect(id, "/" + name, "2026-11-26T23:51:00.123456789Z",
                new DockerInspect.State(running, running ? 4242 : 0, "2026-11-26T23:51:01.5Z",
                        health == null ? null : new DockerInspect.Health(health), 0),
                restarts,
                new DockerInspect.Config("jcadvisor/busybox:latest", Map.of("team", "spec"),
                        List.of("PATH=/bin", "JCADV_MODE=test", "jcadv_lower=x", "OTHER=1")),
                new DockerInspect.HostConfig(networkMode, 67108864, 0, 0, 500000000, 0, 0, 0),
                new DockerInspect.GraphDriver("overlay2", Map.of()),
                new DockerInspect.NetworkSettings("", Map.of(networkMode,
                        new DockerInspect.Network("172.17.0.9"))));
    }
}
