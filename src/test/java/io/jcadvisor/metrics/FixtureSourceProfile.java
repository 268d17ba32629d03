package io.jcadvisor.metrics;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Set;

/** Serves /metrics from the fixture ({@link TestContainerSource}) instead of the live manager. */
public class FixtureSourceProfile implements QuarkusTestProfile {

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(TestContainerSource.class);
    }
}
