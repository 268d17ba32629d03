package io.jcadvisor.manager;

import io.jcadvisor.container.Acceptance;
import io.jcadvisor.container.ContainerHandler;
import io.jcadvisor.container.ContainerHandlerFactory;
import io.jcadvisor.info.v1.ContainerReference;
import io.jcadvisor.testing.Samples;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** A factory answering from a function of the name; remembers the handlers it built. */
final class FakeFactory implements ContainerHandlerFactory {

    final String name;
    final int order;
    final Function<String, Acceptance> answer;
    final Clock clock;
    final Map<String, FakeHandler> handlers = new ConcurrentHashMap<>();
    final AtomicInteger asked = new AtomicInteger();
    /** Namespace and aliases given to handlers, for alias lookups. */
    volatile String namespace;
    volatile boolean hasCpu = true;
    volatile boolean hasMemory = true;
    volatile Instant creationTime = Instant.parse("2026-01-01T00:00:00Z");

    FakeFactory(String name, int order, Function<String, Acceptance> answer, Clock clock) {
        this.name = name;
        this.order = order;
        this.answer = answer;
        this.clock = clock;
    }

    static FakeFactory raw(Clock clock) {
        return new FakeFactory("raw", Integer.MAX_VALUE, n -> Acceptance.ACCEPT, clock);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int order() {
        return order;
    }

    @Override
    public Acceptance canHandleAndAccept(String cgroup) {
        asked.incrementAndGet();
        return answer.apply(cgroup);
    }

    @Override
    public ContainerHandler newHandler(String cgroup) {
        String last = cgroup.substring(cgroup.lastIndexOf('/') + 1);
        ContainerReference ref = namespace == null ? ContainerReference.of(cgroup)
                : new ContainerReference(last, cgroup, List.of("name-" + last, last), namespace);
        FakeHandler handler = new FakeHandler(cgroup, clock, ref, Samples.spec(creationTime, hasCpu, hasMemory));
        handlers.put(cgroup, handler);
        return handler;
    }
}
