package io.jcadvisor.web;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;
import java.util.Set;

/** Boots the agent on the test stand-ins of {@link TestHostBeans}. */
public class ManagerHealthProfile implements QuarkusTestProfile {

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(TestHostBeans.TempMounts.class, TestHostBeans.FixedMachine.class,
                TestHostBeans.ConstantRawFactory.class);
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("cadvisor.host.root", "/");
    }
}
