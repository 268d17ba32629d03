package io.jcadvisor.bench;

import java.lang.management.ManagementFactory;

/**
 * The same sample as {@link CgroupStatsBenchmark}, timed by thread CPU time: on a shared, busy
 * host the wall-clock average of JMH mostly measures other processes; CPU time of the sampling
 * thread (user + kernel) is what one sample really costs. Also prints allocated bytes per sample.
 * Usage: {@code java -cp target/benchmarks.jar io.jcadvisor.bench.CpuTimeMain [container] [samples]}.
 */
public final class CpuTimeMain {

    private CpuTimeMain() {
    }

    public static void main(String[] args) throws Exception {
        CgroupStatsBenchmark bench = new CgroupStatsBenchmark();
        bench.container = args.length > 0 ? args[0] : "bench";
        int samples = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        bench.setUp();
        try {
            for (int i = 0; i < samples; i++) {
                bench.stats();
            }
            for (int round = 0; round < 5; round++) {
                long cpu0 = threads.getCurrentThreadCpuTime();
                long user0 = threads.getCurrentThreadUserTime();
                long alloc0 = threads.getThreadAllocatedBytes(self);
                long wall0 = System.nanoTime();
                for (int i = 0; i < samples; i++) {
                    bench.stats();
                }
                long wall = System.nanoTime() - wall0;
                long cpu = threads.getCurrentThreadCpuTime() - cpu0;
                long user = threads.getCurrentThreadUserTime() - user0;
                long alloc = threads.getThreadAllocatedBytes(self) - alloc0;
                System.out.printf("container=%s cpu %.1f us/op (user %.1f, kernel %.1f), wall %.1f us/op, %d B/op%n",
                        bench.container, cpu / 1e3 / samples, user / 1e3 / samples, (cpu - user) / 1e3 / samples,
                        wall / 1e3 / samples, alloc / samples);
            }
        } finally {
            bench.tearDown();
        }
    }
}
