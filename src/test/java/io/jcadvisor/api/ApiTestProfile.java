package io.jcadvisor.api;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;
import java.util.Set;

/**
 * The API tests' world: the fixture host under {@code src/test/resources/host/api/} and fakes for
 * the manager, cgroup mounts, partitions, process listing and a runtime plugin. The fakes are
 * {@code @Alternative} beans enabled only here, so they never replace real beans in other tests.
 */
public class ApiTestProfile implements QuarkusTestProfile {

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(FakeContainerQueries.class, FakeCgroupMounts.class, FakePartitionSource.class,
                FakeProcessLister.class, FakeRuntimeSection.class);
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        // the smallest answer chunk, so most answers here go out in several (ApiRouteTest)
        return Map.of("cadvisor.host.root", "src/test/resources/host/api",
                "cadvisor.limits.answer-chunk-size", "4K");
    }
}
