package io.jcadvisor.metrics;

import io.jcadvisor.info.v1.MachineInfo;
import io.jcadvisor.manager.ContainerSnapshot;
import io.jcadvisor.manager.ContainerSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import java.util.List;

/**
 * The fixture as the application's {@link ContainerSource} in {@code @QuarkusTest}s run with
 * {@link FixtureSourceProfile}. Samples carry the current time, and the CPU counters advance on
 * every scrape.
 */
@Alternative
@ApplicationScoped
public class TestContainerSource implements ContainerSource {
    /** Fixed contents: nothing to refresh. */
    @Override
    public void refreshOlderThan(java.util.Collection<String> names, java.time.Duration maxAge) {
    }


    private final MetricsFixture fixture = new MetricsFixture(true);

    @Override
    public MachineInfo machineInfo() {
        return fixture.machineInfo();
    }

    @Override
    public List<ContainerSnapshot> containers() {
        fixture.tick();
        return fixture.containers();
    }
}
