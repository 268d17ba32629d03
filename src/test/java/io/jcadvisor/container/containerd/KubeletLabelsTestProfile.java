package io.jcadvisor.container.containerd;

import java.util.HashMap;
import java.util.Map;

/**
 * {@link ContainerdTestProfile} with the kubelet's labels on. Housekeeping is capped at 2 s: a pod's
 * sandbox is idle, so dynamic housekeeping would stretch its interval towards a minute, and the test
 * compares the network bytes it sends with what Prometheus scraped a few seconds later.
 */
public class KubeletLabelsTestProfile extends ContainerdTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>(super.getConfigOverrides());
        config.put("cadvisor.metrics.kubelet-labels", "true");
        config.put("cadvisor.housekeeping.max-interval", "2s");
        return config;
    }
}
