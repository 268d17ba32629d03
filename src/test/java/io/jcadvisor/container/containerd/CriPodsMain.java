package io.jcadvisor.container.containerd;

import io.jcadvisor.testing.PrivateContainerd;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.util.List;

/**
 * A node of N pods for {@code bench/cri-pods.sh}: starts a {@link PrivateContainerd}, runs
 * {@code N} pods of two idle containers each through {@link KubeletPods} (burstable and best-effort
 * alternately, in three namespaces),
 * prints {@code socket <path>} and {@code ready}, then waits until its standard input ends and
 * removes everything.
 *
 * <p>Usage: {@code java -cp <test classpath> io.jcadvisor.container.containerd.CriPodsMain [pods]}
 */
public final class CriPodsMain {

    private CriPodsMain() {
    }

    public static void main(String[] args) throws Exception {
        int pods = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        PrivateContainerd containerd = PrivateContainerd.start();
        Runtime.getRuntime().addShutdownHook(new Thread(containerd::close));
        try (KubeletPods kubelet = new KubeletPods(vertx, containerd)) {
            System.out.println("socket " + containerd.socket());
            long start = System.nanoTime();
            for (int i = 0; i < pods; i++) {
                // Alternating QoS classes, as on a node: burstable (requests only), then best-effort.
                long request = i % 2 == 0 ? 10 : 0;
                kubelet.run("bench-" + i, "bench-ns-" + (i % 3), List.of(
                        KubeletPods.ContainerSpec.of("app", "sleep 86400").cpu(request, 0),
                        KubeletPods.ContainerSpec.of("sidecar", "sleep 86400").cpu(request, 0)));
            }
            System.out.printf("%d pods of 2 containers running after %d ms%n", pods,
                    (System.nanoTime() - start) / 1_000_000);
            System.out.println("ready");
            System.out.flush();
            while (System.in.read() >= 0) {
                // Wait for the end of input: the script closes it when it is done.
            }
        } finally {
            containerd.close();
            vertx.close();
        }
    }
}
