package io.jcadvisor.metrics;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;
import java.util.Set;

/**
 * Serves /metrics from the fixture ({@link TestContainerSource}) instead of the live manager, in 16 KiB
 * chunks, so the fixture's 65 KB exposition goes out in several while its gzip fits in one.
 */
public class FixtureSourceProfile implements QuarkusTestProfile {

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(TestContainerSource.class);
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("cadvisor.limits.answer-chunk-size", "16K");
    }
}
