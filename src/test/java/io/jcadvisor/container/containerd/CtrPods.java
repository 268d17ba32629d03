package io.jcadvisor.container.containerd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Pods laid out on this host the way a kubelet driving containerd's CRI (cgroupfs driver) lays them
 * out, without a kubelet: the kubelet's pod cgroup {@code /kubepods[/<qos>]/pod<uid>} made first (with
 * the pod's memory limit, as the kubelet sets it), then a sandbox and the pod's containers started by
 * {@code ctr} in that cgroup with exactly the labels CRI gives them ({@code io.kubernetes.pod.name},
 * {@code .namespace}, {@code .uid}, {@code io.kubernetes.container.name} on containers only,
 * {@code io.cri-containerd.kind} {@code sandbox}/{@code container}), all in one network namespace of
 * the pod's. The network is a veth pair with static neighbours and IPv6 off, so the pod's interface
 * receives nothing but what the test sends it.
 */
final class CtrPods implements AutoCloseable {

    private static final Path CGROUP = Path.of("/sys/fs/cgroup");
    private final CtrCli ctr = new CtrCli();
    private final List<Pod> pods = new ArrayList<>();

    /**
     * One pod.
     *
     * @param qos       {@code burstable}, {@code besteffort}, or {@code null} for Guaranteed (right under
     *                  {@code /kubepods})
     * @param podIp     the pod's address on its {@code eth0}
     * @param hostIp    the host end's address
     */
    record Pod(String name, String namespace, String uid, String qos, String netns, String hostVeth, String podIp,
            String hostIp, List<String> containerIds, List<String> containerNames, List<String> cgroups) {

        /** The pod-level cgroup's name, as the agent lists it. */
        String cgroup() {
            return "/kubepods" + (qos == null ? "" : "/" + qos) + "/pod" + uid;
        }

        String sandboxId() {
            return containerIds.get(0);
        }

        /** The cgroup of the container named {@code container} ({@code ""}: the sandbox). */
        String cgroupOf(String container) {
            return cgroups.get(containerNames.indexOf(container));
        }
    }

    /** A container of a pod: its name, ctr options (limits) and command. */
    record Spec(String name, List<String> options, String... command) {
    }

    /**
     * Makes the pod cgroup (memory limit {@code podMemoryLimit} bytes, 0 for none), the network, the
     * sandbox ({@code sleep}, as a pause container) and {@code containers}, in that order.
     */
    Pod start(String namespace, String name, String qos, long podMemoryLimit, List<Spec> containers)
            throws IOException {
        String uid = UUID.randomUUID().toString();
        String tag = uid.substring(0, 8);
        int subnet = ThreadLocalRandom.current().nextInt(0, 16384) * 4;
        String prefix = "10.216." + (subnet / 256) + ".";
        Pod pod = new Pod(name, namespace, uid, qos, "jcadv-kube-" + tag, "jck" + tag, prefix + (subnet % 256 + 2),
                prefix + (subnet % 256 + 1), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        pods.add(pod);
        Path memory = CGROUP.resolve("memory").resolve(pod.cgroup().substring(1));
        Files.createDirectories(memory);
        if (podMemoryLimit > 0) {
            Files.writeString(memory.resolve("memory.limit_in_bytes"), Long.toString(podMemoryLimit));
        }
        network(pod);
        String sandbox = CtrCli.uniqueId();
        run(pod, sandbox, "sandbox", null, List.of(), "sleep", "3600");
        for (Spec c : containers) {
            run(pod, CtrCli.uniqueId(), "container", c.name(), c.options(), c.command());
        }
        return pod;
    }

    private void run(Pod pod, String id, String kind, String containerName, List<String> options, String... command)
            throws IOException {
        List<String> args = new ArrayList<>(List.of(
                "--cgroup", pod.cgroup() + "/" + id,
                "--with-ns", "network:/var/run/netns/" + pod.netns(),
                "--label", "io.kubernetes.pod.name=" + pod.name(),
                "--label", "io.kubernetes.pod.namespace=" + pod.namespace(),
                "--label", "io.kubernetes.pod.uid=" + pod.uid(),
                "--label", "io.cri-containerd.kind=" + kind));
        if (containerName != null) {
            args.addAll(List.of("--label", "io.kubernetes.container.name=" + containerName));
        }
        args.addAll(options);
        pod.containerIds().add(id);
        pod.containerNames().add(containerName == null ? "" : containerName);
        pod.cgroups().add(pod.cgroup() + "/" + id);
        ctr.runDetached(id, args, command);
    }

    private static void network(Pod pod) throws IOException {
        String ns = pod.netns();
        sh("ip", "netns", "add", ns);
        sh("ip", "link", "add", pod.hostVeth(), "type", "veth", "peer", "name", "eth0", "netns", ns);
        // IPv6 off before the links come up: no router solicitation or DAD packets.
        sh("sysctl", "-qw", "net.ipv6.conf." + pod.hostVeth() + ".disable_ipv6=1");
        sh("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1");
        sh("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.eth0.disable_ipv6=1");
        sh("ip", "addr", "add", pod.hostIp() + "/30", "dev", pod.hostVeth());
        sh("ip", "-n", ns, "addr", "add", pod.podIp() + "/30", "dev", "eth0");
        // Static neighbours: no ARP traffic either way, so eth0 counts only the test's datagrams.
        sh("ip", "-n", ns, "neigh", "replace", pod.hostIp(), "lladdr", mac(null, pod.hostVeth()), "dev", "eth0",
                "nud", "permanent");
        sh("ip", "neigh", "replace", pod.podIp(), "lladdr", mac(ns, "eth0"), "dev", pod.hostVeth(), "nud",
                "permanent");
        sh("ip", "link", "set", pod.hostVeth(), "up");
        sh("ip", "-n", ns, "link", "set", "eth0", "up");
    }

    private static String mac(String ns, String link) throws IOException {
        List<String> args = new ArrayList<>();
        args.add("ip");
        if (ns != null) {
            args.addAll(List.of("-n", ns));
        }
        args.addAll(List.of("-o", "link", "show", link));
        String out = CtrCli.run(args);
        int at = out.indexOf("link/ether ");
        return out.substring(at + "link/ether ".length()).split("\\s+")[0];
    }

    /** The host pid of a container's task, from {@code ctr task ls}. */
    static int pid(String id) throws IOException {
        for (String line : new CtrCli().ctr("-n", CtrCli.NAMESPACE, "task", "ls").lines().toList()) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 2 && f[0].equals(id)) {
                return Integer.parseInt(f[1]);
            }
        }
        throw new IOException("no task " + id);
    }

    /** One v1 hierarchy's file of a cgroup, e.g. {@code ("memory", name, "memory.usage_in_bytes")}. */
    static String read(String hierarchy, String cgroup, String file) throws IOException {
        return Files.readString(CGROUP.resolve(hierarchy).resolve(cgroup.substring(1)).resolve(file)).trim();
    }

    /** Removes the containers, the networks and the cgroups made (parents only when empty). */
    @Override
    public void close() {
        ctr.removeAll();
        for (Pod pod : pods) {
            quietly("ip", "netns", "del", pod.netns());
            quietly("ip", "link", "del", pod.hostVeth());
            try (var hierarchies = Files.list(CGROUP)) {
                for (Path h : hierarchies.toList()) {
                    for (String cgroup : pod.cgroups()) {
                        deleteQuietly(h.resolve(cgroup.substring(1)));
                    }
                    deleteQuietly(h.resolve(pod.cgroup().substring(1)));
                    if (pod.qos() != null) {
                        deleteQuietly(h.resolve("kubepods").resolve(pod.qos()));
                    }
                    deleteQuietly(h.resolve("kubepods"));
                }
            } catch (IOException e) {
                // /sys/fs/cgroup unreadable: nothing of ours to remove there.
            }
        }
        pods.clear();
    }

    private static void deleteQuietly(Path dir) {
        try {
            Files.deleteIfExists(dir);
        } catch (IOException busy) {
            // Not empty (another run's pods, or a task still leaving): left to its owner.
        }
    }

    private static void sh(String... args) throws IOException {
        CtrCli.run(List.of(args));
    }

    private static void quietly(String... args) {
        try {
            sh(args);
        } catch (IOException e) {
            // Already gone.
        }
    }
}
