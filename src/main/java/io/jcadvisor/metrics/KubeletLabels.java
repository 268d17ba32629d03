package io.jcadvisor.metrics;

import io.jcadvisor.info.v1.ContainerSpec;
import io.jcadvisor.manager.ContainerSnapshot;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code namespace}, {@code pod} and {@code container} labels the kubelet's
 * {@code /metrics/cadvisor} adds to container series, computed from what the agent has: the runtime
 * labels the kubelet (through the CRI) put on every container, and the cgroup names
 * ({@code docs/metrics.md} §3.1). Pure.
 *
 * <ul>
 * <li>A container carrying {@value #POD_NAME} or {@value #POD_NAMESPACE}: those values, and
 *     {@code container} from {@value #CONTAINER_NAME} ({@code ""} when absent, as on a containerd
 *     sandbox; {@code POD} where the runtime sets it, as dockershim, cri-dockerd and CRI-O do).</li>
 * <li>Otherwise a pod-level cgroup ({@code /kubepods[/<qos>]/pod<uid>} or systemd's
 *     {@code kubepods[-<qos>]-pod<uid>.slice}): the pod's name and namespace, learnt from the
 *     {@value #POD_UID} label of the pod's containers in the same scrape, and {@code container=""}.
 *     The kubelet asks its own pod list instead; a pod none of whose containers is listed gets empty
 *     labels here.</li>
 * <li>Anything else (QoS cgroups, {@code /kubepods}, system cgroups, non-Kubernetes containers): all
 *     three {@code ""}.</li>
 * </ul>
 */
final class KubeletLabels {

    static final String POD_NAME = "io.kubernetes.pod.name";
    static final String POD_NAMESPACE = "io.kubernetes.pod.namespace";
    static final String POD_UID = "io.kubernetes.pod.uid";
    static final String CONTAINER_NAME = "io.kubernetes.container.name";

    /** Index of each label in a row of {@link #of}. */
    static final int POD = 0;
    static final int NAMESPACE = 1;
    static final int CONTAINER = 2;

    private static final String[] NONE = {"", "", ""};

    private KubeletLabels() {
    }

    /**
     * One {@code {pod, namespace, container}} row per container, in input order; never null values.
     * The pod-uid map lives only for this call and holds at most one entry per container.
     */
    static String[][] of(List<ContainerSnapshot> containers) {
        String[][] rows = new String[containers.size()][];
        Map<String, String[]> pods = new HashMap<>();
        for (int i = 0; i < rows.length; i++) {
            Map<String, String> labels = labels(containers.get(i));
            String pod = labels.getOrDefault(POD_NAME, "");
            String namespace = labels.getOrDefault(POD_NAMESPACE, "");
            if (pod.isEmpty() && namespace.isEmpty()) {
                continue;
            }
            rows[i] = new String[] {pod, namespace, labels.getOrDefault(CONTAINER_NAME, "")};
            String uid = labels.get(POD_UID);
            if (uid != null && !uid.isEmpty()) {
                pods.putIfAbsent(uid, new String[] {pod, namespace, ""});
            }
        }
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] == null) {
                String uid = podUid(containers.get(i).name());
                String[] pod = uid == null ? null : pods.get(uid);
                rows[i] = pod == null ? NONE : pod;
            }
        }
        return rows;
    }

    /** The runtime labels, unfiltered: the kubelet reads them whatever {@code store_container_labels} says. */
    private static Map<String, String> labels(ContainerSnapshot c) {
        if (c.labels() != null && !c.labels().isEmpty()) {
            return c.labels();
        }
        ContainerSpec spec = c.spec();
        return spec == null || spec.labels() == null ? Map.of() : spec.labels();
    }

    /**
     * The pod uid of a pod-level cgroup name, or null when the name is not one. As the kubelet's
     * {@code IsPodCgroup}: a pod cgroup is a direct child of a QoS cgroup ({@code kubepods} for
     * Guaranteed pods, {@code kubepods/besteffort}, {@code kubepods/burstable}) named {@code pod<uid>}.
     * cgroupfs: {@code …/kubepods/burstable/pod<uid>}, whatever is above {@code kubepods} (a
     * {@code --cgroup-root}, a nested node). systemd: only the last element counts, as the kubelet
     * converts it: {@code kubepods-burstable-pod<uid>.slice}, with systemd's {@code _} for the uid's
     * {@code -} turned back.
     */
    static String podUid(String name) {
        if (name == null) {
            return null;
        }
        String[] parts = name.split("/");
        int n = parts.length;
        if (n == 0) {
            return null;
        }
        String last = parts[n - 1];
        if (last.endsWith(".slice")) {
            String[] units = last.substring(0, last.length() - ".slice".length()).split("-", -1);
            if (units.length < 2 || units.length > 3 || !units[0].equals("kubepods")
                    || (units.length == 3 && !qos(units[1]))) {
                return null;
            }
            return uid(units[units.length - 1].replace('_', '-'));
        }
        if (n >= 2 && parts[n - 2].equals("kubepods")) {
            return uid(last);
        }
        if (n >= 3 && qos(parts[n - 2]) && parts[n - 3].equals("kubepods")) {
            return uid(last);
        }
        return null;
    }

    private static boolean qos(String name) {
        return name.equals("besteffort") || name.equals("burstable");
    }

    private static String uid(String element) {
        return element.length() > 3 && element.startsWith("pod") ? element.substring(3) : null;
    }
}
