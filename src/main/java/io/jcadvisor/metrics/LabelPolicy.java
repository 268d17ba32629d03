package io.jcadvisor.metrics;

import io.jcadvisor.config.CadvisorConfig;

import java.util.List;
import java.util.Set;

/**
 * Which container labels become Prometheus labels, and the bounds that keep a scrape finite.
 *
 * @param storeContainerLabels  every runtime label becomes {@code container_label_*} (upstream
 *                              {@code -store_container_labels}); when false only {@code whitelist} keys do
 * @param whitelist             raw label keys kept when {@code storeContainerLabels} is false (exact match)
 * @param maxLabelNames         at most this many distinct {@code container_label_*}/{@code container_env_*}
 *                              names per scrape; {@code id}, {@code name}, {@code image} are always kept
 * @param maxLabelValueLength   label values are cut to this many chars
 * @param kubeletLabels         every container series also carries the kubelet's {@code namespace},
 *                              {@code pod} and {@code container} labels ({@code docs/metrics.md} §3.1);
 *                              not upstream's, off by default
 */
public record LabelPolicy(boolean storeContainerLabels, Set<String> whitelist, int maxLabelNames,
        int maxLabelValueLength, boolean kubeletLabels) {

    public static final LabelPolicy DEFAULT = new LabelPolicy(true, Set.of(), 200, 1024, false);

    /** Upstream's policy: without the kubelet's labels. */
    public LabelPolicy(boolean storeContainerLabels, Set<String> whitelist, int maxLabelNames,
            int maxLabelValueLength) {
        this(storeContainerLabels, whitelist, maxLabelNames, maxLabelValueLength, false);
    }

    /** The same policy with the kubelet's labels on or off. */
    public LabelPolicy withKubeletLabels(boolean on) {
        return new LabelPolicy(storeContainerLabels, whitelist, maxLabelNames, maxLabelValueLength, on);
    }

    public static LabelPolicy of(CadvisorConfig.Metrics metrics) {
        Set<String> whitelist = metrics.whitelistedContainerLabels().orElse(List.of()).stream()
                .map(String::trim).filter(s -> !s.isEmpty()).collect(java.util.stream.Collectors.toUnmodifiableSet());
        return new LabelPolicy(metrics.storeContainerLabels(), whitelist, Math.max(0, metrics.maxLabelNames()),
                Math.max(1, metrics.maxLabelValueLength()), metrics.kubeletLabels());
    }
}
