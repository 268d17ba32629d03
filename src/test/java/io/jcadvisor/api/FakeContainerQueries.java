package io.jcadvisor.api;

import io.jcadvisor.info.v1.ContainerReference;
import io.jcadvisor.info.v1.ContainerStats;
import io.jcadvisor.info.v1.Event;
import io.jcadvisor.info.v1.EventData;
import io.jcadvisor.info.v1.MachineInfo;
import io.jcadvisor.info.v2.DerivedStats;
import io.jcadvisor.info.v2.InstantUsage;
import io.jcadvisor.info.v2.Usage;
import io.jcadvisor.manager.ContainerNotFoundException;
import io.jcadvisor.manager.ContainerQueries;
import io.jcadvisor.manager.ContainerSnapshot;
import io.jcadvisor.events.EventRequest;
import io.vertx.core.Context;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The manager as the API tests see it: {@link ApiFixture}'s containers and samples, events kept in
 * a list, and a record of refresh requests and event watches. Enabled by {@link ApiTestProfile}
 * only, so it never shadows the real manager in other tests.
 */
@Alternative
@ApplicationScoped
public class FakeContainerQueries implements ContainerQueries {

    public static final Instant EVENT_T = ApiFixture.T0.minusSeconds(30);

    // Tests reach this bean through its client proxy, so state is read through methods, not fields.
    private final List<Map.Entry<List<String>, Duration>> refreshes = new CopyOnWriteArrayList<>();
    private final List<Watch> watches = new CopyOnWriteArrayList<>();

    /** {@code refreshOlderThan} calls: names and max age. */
    public List<Map.Entry<List<String>, Duration>> refreshes() {
        return refreshes;
    }

    private final List<String> calls = new CopyOnWriteArrayList<>();

    /**
     * The lookups and sample reads asked of this fake, each as {@code method@thread} where thread is
     * {@code event-loop}, {@code worker} or {@code other}; cleared by the test that reads it.
     */
    public List<String> calls() {
        return calls;
    }

    private void called(String method) {
        String thread = Context.isOnEventLoopThread() ? "event-loop" : Context.isOnWorkerThread() ? "worker" : "other";
        calls.add(method + "@" + thread);
    }

    /** Watches opened by {@code watchEvents}, with whether they were closed. */
    public List<Watch> watches() {
        return watches;
    }

    private final Map<String, List<ContainerStats>> samples = Map.of(
            "/", ApiFixture.rootSamples(),
            ApiFixture.DOCKER_NAME, ApiFixture.dockerSamples());

    private final List<Event> events = List.of(
            new Event("/", EVENT_T, "oom", EventData.EMPTY),
            new Event("/", EVENT_T, "oomKill",
                    new EventData(new EventData.OomKillEventData(10948, "python3", "CONSTRAINT_MEMCG"), null)),
            new Event(ApiFixture.DOCKER_NAME, EVENT_T.plusSeconds(1), "containerCreation", EventData.EMPTY),
            new Event(ApiFixture.DOCKER_NAME, EVENT_T.plusSeconds(2), "containerDeletion",
                    new EventData(null, new EventData.DeletionEventData(-1))));

    /** A watch the API opened; the test emits into {@code sink} and checks {@code closed}. */
    public static final class Watch implements AutoCloseable {
        public final EventRequest request;
        public final Consumer<Event> sink;
        public volatile boolean closed;

        Watch(EventRequest request, Consumer<Event> sink) {
            this.request = request;
            this.sink = sink;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Override
    public MachineInfo machineInfo() {
        return ApiFixture.machineInfo();
    }

    @Override
    public List<ContainerSnapshot> containers() {
        return ApiFixture.all();
    }

    @Override
    public ContainerSnapshot container(String name) throws ContainerNotFoundException {
        called("container");
        return find(name);
    }

    private ContainerSnapshot find(String name) throws ContainerNotFoundException {
        return containers().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new ContainerNotFoundException("unknown container \"" + name + "\""));
    }

    @Override
    public List<ContainerSnapshot> subtree(String name) {
        return containers().stream().filter(c -> within(c.name(), name)).toList();
    }

    private static boolean within(String candidate, String name) {
        return name.equals("/") || candidate.equals(name) || candidate.startsWith(name + "/");
    }

    @Override
    public List<ContainerReference> children(String name) {
        String prefix = name.equals("/") ? "/" : name + "/";
        return containers().stream().map(ContainerSnapshot::name)
                .filter(n -> !n.equals(name) && n.startsWith(prefix) && n.indexOf('/', prefix.length()) < 0)
                .map(ContainerReference::of).toList();
    }

    @Override
    public List<ContainerStats> stats(String name, Instant start, Instant end, int count)
            throws ContainerNotFoundException {
        called("stats");
        find(name);
        List<ContainerStats> inRange = samples.getOrDefault(name, List.of()).stream()
                .filter(s -> start == null || !s.timestamp().isBefore(start))
                .filter(s -> end == null || !s.timestamp().isAfter(end)).toList();
        if (count >= 0 && inRange.size() > count) {
            inRange = inRange.subList(inRange.size() - count, inRange.size());
        }
        return inRange;
    }

    @Override
    public List<ContainerSnapshot> inNamespace(String namespace) {
        return containers().stream().filter(c -> namespace.equals(c.reference().namespace())).toList();
    }

    @Override
    public ContainerSnapshot byAlias(String namespace, String alias) throws ContainerNotFoundException {
        called("byAlias");
        List<ContainerSnapshot> inNs = inNamespace(namespace);
        for (ContainerSnapshot c : inNs) {
            if (c.reference().aliases().contains(alias)) {
                return c;
            }
        }
        List<ContainerSnapshot> prefixed = inNs.stream()
                .filter(c -> c.reference().aliases().stream().anyMatch(a -> a.startsWith(alias))).toList();
        if (prefixed.size() == 1) {
            return prefixed.get(0);
        }
        if (prefixed.isEmpty()) {
            throw new ContainerNotFoundException(
                    "unable to find container \"" + alias + "\" in \"" + namespace + "\" namespace");
        }
        throw new ContainerNotFoundException("unable to find container in \"" + namespace
                + "\" namespace. Container \"" + alias + "\" is not unique");
    }

    @Override
    public void refreshOlderThan(Collection<String> names, Duration maxAge) {
        refreshes.add(Map.entry(List.copyOf(names), maxAge));
    }

    @Override
    public Optional<DerivedStats> summary(String name) throws ContainerNotFoundException {
        container(name);
        if (!name.equals(ApiFixture.DOCKER_NAME)) {
            return Optional.empty();
        }
        return Optional.of(new DerivedStats(ApiFixture.T0.plusSeconds(2), new InstantUsage(250, 331776),
                Usage.EMPTY, Usage.EMPTY, Usage.EMPTY));
    }

    @Override
    public List<Integer> pids(String name) throws ContainerNotFoundException {
        container(name);
        return name.equals(ApiFixture.DOCKER_NAME) ? List.of(101, 102) : List.of();
    }

    @Override
    public List<Event> events(EventRequest request) {
        if (request.containerName().equals("/boom")) {
            throw new IllegalStateException("simulated fault in the event store at /secret/path");
        }
        List<Event> matching = new ArrayList<>(events.stream()
                .filter(e -> request.includeSubcontainers() ? within(e.containerName(), request.containerName())
                        : e.containerName().equals(request.containerName()))
                .filter(e -> request.types().contains(e.eventType()))
                .filter(e -> request.start() == null || !e.timestamp().isBefore(request.start()))
                .filter(e -> request.end() == null || !e.timestamp().isAfter(request.end()))
                .sorted(Comparator.comparing(Event::timestamp)).toList());
        if (request.maxEvents() > 0 && matching.size() > request.maxEvents()) {
            return matching.subList(matching.size() - request.maxEvents(), matching.size());
        }
        return matching;
    }

    @Override
    public AutoCloseable watchEvents(EventRequest request, Consumer<Event> sink) {
        Watch watch = new Watch(request, sink);
        watches.add(watch);
        return watch;
    }
}
