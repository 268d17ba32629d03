package io.jcadvisor.manager;

import io.jcadvisor.events.EventRequest;
import io.jcadvisor.info.v1.ContainerReference;
import io.jcadvisor.info.v1.ContainerStats;
import io.jcadvisor.info.v1.Event;
import io.jcadvisor.info.v2.DerivedStats;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Everything the REST API asks the manager. Implemented by the manager bean; API tests may use a
 * fake. Names are absolute cgroup paths ({@code /}, {@code /docker/<id>}).
 */
public interface ContainerQueries extends ContainerSource {

    /** One container by exact name. */
    ContainerSnapshot container(String name) throws ContainerNotFoundException;

    /** The container and every descendant (name equal or starting with {@code name + "/"}), sorted by name. */
    List<ContainerSnapshot> subtree(String name);

    /** Direct children, sorted by name. */
    List<ContainerReference> children(String name);

    /**
     * Cached samples, oldest first: those with {@code start <= timestamp <= end} (null = unbounded),
     * at most the newest {@code count} ({@code count < 0} = all, 0 = none).
     */
    List<ContainerStats> stats(String name, Instant start, Instant end, int count) throws ContainerNotFoundException;

    /** Every container of a runtime namespace ({@code docker}), sorted by name. */
    List<ContainerSnapshot> inNamespace(String namespace);

    /**
     * A container of a namespace by alias or id: exact match first, then a unique prefix.
     *
     * @throws ContainerNotFoundException none matches, or the prefix is not unique (the message says which)
     */
    ContainerSnapshot byAlias(String namespace, String alias) throws ContainerNotFoundException;

    /** Derived usage percentiles; empty when the container tracks neither cpu nor memory. */
    Optional<DerivedStats> summary(String name) throws ContainerNotFoundException;

    /** Pids of the container's own cgroup (for {@code ps}). */
    List<Integer> pids(String name) throws ContainerNotFoundException;

    /** Stored events matching the request, oldest first, newest {@code maxEvents}. */
    List<Event> events(EventRequest request);

    /** Streams events matching the request as they are added, until the returned handle is closed. */
    AutoCloseable watchEvents(EventRequest request, Consumer<Event> sink);
}
