package io.jcadvisor.oom;

import io.jcadvisor.container.ContainerCollector;
import io.jcadvisor.container.ContainerHandler;
import io.jcadvisor.info.v1.ContainerStats;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.OptionalLong;

/**
 * Writes the kernel log's OOM count for the exact container name into each stored sample (upstream's
 * {@code oom_events}, also behind {@code container_oom_events_total}), and forgets a removed
 * container's count so the counter stays bounded. While the kernel log is not read, or the
 * {@code oom_event} group is off, the sample keeps the cgroup's own {@code oom_kill} count.
 */
@ApplicationScoped
public class OomEventsCollector implements ContainerCollector {

    private final OomCounter counter;

    @Inject
    public OomEventsCollector(OomCounter counter) {
        this.counter = counter;
    }

    @Override
    public String name() {
        return "oom_event";
    }

    @Override
    public ContainerStats collect(ContainerHandler handler, ContainerStats stats) {
        OptionalLong count = counter.count(handler.reference().name());
        return count.isEmpty() || count.getAsLong() == stats.oomEvents() ? stats
                : stats.withOomEventsAndHealth(count.getAsLong(), stats.health());
    }

    @Override
    public void stopped(ContainerHandler handler) {
        counter.forget(handler.reference().name());
    }
}
