package io.jcadvisor.metrics;

import io.jcadvisor.info.v1.ContainerSpec;
import io.jcadvisor.manager.ContainerSnapshot;
import io.quarkus.logging.Log;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The base labels of container series for one scrape: {@code id}, {@code name}, {@code image} and
 * the union over all exported containers of {@code container_label_*} / {@code container_env_*}
 * (upstream {@code DefaultContainerLabels} + the union in {@code collectContainersInfo}). A container
 * without one of the union's labels carries it with value {@code ""}. With
 * {@link LabelPolicy#kubeletLabels()}, also the kubelet's {@code namespace}, {@code pod} and
 * {@code container} ({@link KubeletLabels}); the dynamic names all carry a prefix, so they never
 * collide with these.
 *
 * <p>Bounded, unlike upstream: beyond {@link LabelPolicy#maxLabelNames()} dynamic names, the names
 * carried by the most containers win (ties by name), the rest are dropped and counted; values are cut
 * to {@link LabelPolicy#maxLabelValueLength()}. Two raw keys of one container that sanitise to the same
 * name: the smaller raw key wins (upstream keeps whichever Go's map order meets first).
 */
final class BaseLabels {

    static final String LABEL_PREFIX = "container_label_";
    static final String ENV_PREFIX = "container_env_";
    private static final int NAME_CACHE_LIMIT = 10_000;
    /** The fixed names: upstream's three, and with {@code kubelet-labels} the kubelet's three more. */
    private static final String[] UPSTREAM_NAMES = {"id", "image", "name"};
    private static final String[] KUBELET_NAMES = {"container", "id", "image", "name", "namespace", "pod"};

    /** Sorted label names. */
    final String[] names;
    /** Per container (same order as the input), values aligned with {@link #names}. */
    final String[][] values;
    /** Dynamic label names left out this scrape because of the bound. */
    final int droppedNames;

    private BaseLabels(String[] names, String[][] values, int droppedNames) {
        this.names = names;
        this.values = values;
        this.droppedNames = droppedNames;
    }

    /** Computes names and values; logs the first time names are dropped, counts every time. */
    static BaseLabels of(List<ContainerSnapshot> containers, LabelPolicy policy, Cache cache) {
        int n = containers.size();
        List<Map<String, String[]>> dynamic = new ArrayList<>(n);
        Map<String, int[]> counts = new HashMap<>();
        for (ContainerSnapshot c : containers) {
            Map<String, String[]> own = dynamicLabels(c, policy, cache);
            dynamic.add(own);
            for (String name : own.keySet()) {
                counts.computeIfAbsent(name, k -> new int[1])[0]++;
            }
        }
        List<String> kept = new ArrayList<>(counts.keySet());
        int dropped = 0;
        if (kept.size() > policy.maxLabelNames()) {
            kept.sort(Comparator.<String>comparingInt(k -> -counts.get(k)[0]).thenComparing(Comparator.naturalOrder()));
            dropped = kept.size() - policy.maxLabelNames();
            kept = kept.subList(0, policy.maxLabelNames());
            cache.dropped(dropped);
        }
        String[] fixed = policy.kubeletLabels() ? KUBELET_NAMES : UPSTREAM_NAMES;
        String[] names = new String[kept.size() + fixed.length];
        for (int i = 0; i < kept.size(); i++) {
            names[i] = kept.get(i);
        }
        System.arraycopy(fixed, 0, names, kept.size(), fixed.length);
        Arrays.sort(names);
        Map<String, Integer> index = new HashMap<>(names.length * 2);
        for (int i = 0; i < names.length; i++) {
            index.put(names[i], i);
        }
        int id = index.get("id");
        int image = index.get("image");
        int name = index.get("name");
        int max = policy.maxLabelValueLength();
        String[][] kubelet = policy.kubeletLabels() ? KubeletLabels.of(containers) : null;
        int pod = kubelet == null ? -1 : index.get("pod");
        int namespace = kubelet == null ? -1 : index.get("namespace");
        int container = kubelet == null ? -1 : index.get("container");
        String[][] values = new String[n][];
        for (int c = 0; c < n; c++) {
            ContainerSnapshot snapshot = containers.get(c);
            String[] row = new String[names.length];
            Arrays.fill(row, "");
            row[id] = LabelSanitizer.value(snapshot.reference().name(), max);
            List<String> aliases = snapshot.reference().aliases();
            row[name] = aliases == null || aliases.isEmpty() ? "" : LabelSanitizer.value(aliases.get(0), max);
            ContainerSpec spec = snapshot.spec();
            row[image] = spec == null ? "" : LabelSanitizer.value(spec.image(), max);
            for (Map.Entry<String, String[]> e : dynamic.get(c).entrySet()) {
                Integer i = index.get(e.getKey());
                if (i != null) {
                    row[i] = LabelSanitizer.value(e.getValue()[1], max);
                }
            }
            if (kubelet != null) {
                row[pod] = LabelSanitizer.value(kubelet[c][KubeletLabels.POD], max);
                row[namespace] = LabelSanitizer.value(kubelet[c][KubeletLabels.NAMESPACE], max);
                row[container] = LabelSanitizer.value(kubelet[c][KubeletLabels.CONTAINER], max);
            }
            values[c] = row;
        }
        return new BaseLabels(names, values, dropped);
    }

    /** Sanitised name → {raw key, value} of one container's labels and envs. */
    private static Map<String, String[]> dynamicLabels(ContainerSnapshot c, LabelPolicy policy, Cache cache) {
        ContainerSpec spec = c.spec();
        Map<String, String> labels = c.labels() != null ? c.labels() : spec == null ? null : spec.labels();
        Map<String, String> envs = spec == null ? null : spec.envs();
        int size = (labels == null ? 0 : labels.size()) + (envs == null ? 0 : envs.size());
        if (size == 0) {
            return Map.of();
        }
        Map<String, String[]> out = new HashMap<>(size * 2);
        if (labels != null) {
            for (Map.Entry<String, String> e : labels.entrySet()) {
                if (policy.storeContainerLabels() || policy.whitelist().contains(e.getKey())) {
                    put(out, cache.labelName(e.getKey()), e.getKey(), e.getValue());
                }
            }
        }
        if (envs != null) {
            for (Map.Entry<String, String> e : envs.entrySet()) {
                put(out, cache.envName(e.getKey()), e.getKey(), e.getValue());
            }
        }
        return out;
    }

    private static void put(Map<String, String[]> out, String name, String raw, String value) {
        String[] previous = out.get(name);
        if (previous == null || raw.compareTo(previous[0]) < 0) {
            out.put(name, new String[] {raw, value == null ? "" : value});
        }
    }

    /**
     * Sanitised-name memo shared across scrapes (label keys repeat on every scrape), bounded so a
     * churn of unique keys cannot grow it without end; plus the dropped-name counter.
     */
    static final class Cache {
        private final Map<String, String> labelNames = new ConcurrentHashMap<>();
        private final Map<String, String> envNames = new ConcurrentHashMap<>();
        private final AtomicBoolean warned = new AtomicBoolean();
        private final AtomicLong droppedTotal = new AtomicLong();

        String labelName(String raw) {
            return cached(labelNames, LABEL_PREFIX, raw);
        }

        String envName(String raw) {
            return cached(envNames, ENV_PREFIX, raw);
        }

        private static String cached(Map<String, String> memo, String prefix, String raw) {
            String name = memo.get(raw);
            if (name == null) {
                name = LabelSanitizer.name(prefix, raw);
                if (memo.size() < NAME_CACHE_LIMIT) {
                    memo.put(raw, name);
                }
            }
            return name;
        }

        void dropped(int count) {
            droppedTotal.addAndGet(count);
            if (warned.compareAndSet(false, true)) {
                Log.warnf("/metrics: %d container label names over the bound cadvisor.metrics.max-label-names were "
                        + "dropped (the names carried by the most containers are kept); logged once", count);
            }
        }

        /** Label names dropped over all scrapes so far. */
        long droppedTotal() {
            return droppedTotal.get();
        }
    }
}
