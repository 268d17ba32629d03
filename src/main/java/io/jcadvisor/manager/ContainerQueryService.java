package io.jcadvisor.manager;

import io.jcadvisor.events.EventRequest;
import io.jcadvisor.events.EventStore;
import io.jcadvisor.info.v1.ContainerReference;
import io.jcadvisor.info.v1.ContainerStats;
import io.jcadvisor.info.v1.Event;
import io.jcadvisor.info.v1.MachineInfo;
import io.jcadvisor.info.v2.DerivedStats;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The manager's query job: what the REST API, the UI and {@code /metrics} ask, answered from the
 * tracked containers, the {@link io.jcadvisor.cache.StatsCache} and the {@link EventStore}. A snapshot
 * carries the cached spec (re-read after 5 s) with what each collector declares.
 */
@ApplicationScoped
public class ContainerQueryService implements ContainerQueries {

    private final ContainerManager manager;
    private final ContainerIndex containers;
    private final EventStore events;

    @Inject
    public ContainerQueryService(ContainerManager manager, EventStore events) {
        this.manager = manager;
        this.containers = manager.containers();
        this.events = events;
    }

    @Override
    public MachineInfo machineInfo() {
        return manager.machineInfo();
    }

    @Override
    public List<ContainerSnapshot> containers() {
        return snapshots(containers.all());
    }

    @Override
    public ContainerSnapshot container(String name) throws ContainerNotFoundException {
        return snapshot(data(name), manager.clock().instant());
    }

    @Override
    public List<ContainerSnapshot> subtree(String name) {
        return snapshots(containers.subtree(ContainerIndex.normalize(name)));
    }

    @Override
    public List<ContainerReference> children(String name) {
        List<ContainerReference> found = new ArrayList<>();
        for (ContainerData data : containers.children(ContainerIndex.normalize(name))) {
            found.add(data.handler().reference());
        }
        found.sort(Comparator.comparing(ContainerReference::name));
        return found;
    }

    @Override
    public List<ContainerStats> stats(String name, Instant start, Instant end, int count)
            throws ContainerNotFoundException {
        ContainerData data = data(name);
        return manager.cache().query(data.name(), start, end, count);
    }

    @Override
    public List<ContainerSnapshot> inNamespace(String namespace) {
        return snapshots(containers.inNamespace(namespace));
    }

    @Override
    public ContainerSnapshot byAlias(String namespace, String alias) throws ContainerNotFoundException {
        return snapshot(containers.byAlias(namespace, alias), manager.clock().instant());
    }

    @Override
    public void refreshOlderThan(Collection<String> names, Duration maxAge) {
        manager.sampler().refreshOlderThan(names, maxAge);
    }

    @Override
    public Optional<DerivedStats> summary(String name) throws ContainerNotFoundException {
        return data(name).derived();
    }

    @Override
    public List<Integer> pids(String name) throws ContainerNotFoundException {
        return data(name).handler().pids();
    }

    @Override
    public List<Event> events(EventRequest request) {
        return events.query(request);
    }

    @Override
    public AutoCloseable watchEvents(EventRequest request, Consumer<Event> sink) {
        return events.watch(request, sink);
    }

    private ContainerData data(String name) throws ContainerNotFoundException {
        ContainerData data = containers.get(ContainerIndex.normalize(name));
        if (data == null) {
            throw new ContainerNotFoundException("unknown container \"" + name + "\"");
        }
        return data;
    }

    /** Snapshots sorted by name, all taken at one instant. */
    private List<ContainerSnapshot> snapshots(Collection<ContainerData> found) {
        Instant now = manager.clock().instant();
        List<ContainerSnapshot> all = new ArrayList<>(found.size());
        for (ContainerData data : found) {
            all.add(snapshot(data, now));
        }
        all.sort(Comparator.comparing(ContainerSnapshot::name));
        return all;
    }

    private ContainerSnapshot snapshot(ContainerData data, Instant now) {
        // The cached spec with what each collector declares (e.g. application metrics).
        return new ContainerSnapshot(data.handler().reference(),
                manager.collectors().spec(data.handler(), data.spec(now)), data.handler().labels(),
                manager.cache().latest(data.name()));
    }
}
