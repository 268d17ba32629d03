package io.jcadvisor.metrics;

import io.jcadvisor.config.MetricKind;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * In-process benchmark of one scrape (collector + library writer + UTF-8 encoding, no HTTP):
 * {@code java -cp target/classes:target/test-classes:$(cat cp.txt) io.jcadvisor.metrics.ScrapeBench 100 200 10}
 * (containers, rounds, labels per container; a fourth argument {@code kubelet} turns on the kubelet's
 * labels, docs/metrics.md §3.1).
 * Prints median/p90 wall and thread-CPU milliseconds and the bytes of one scrape.
 */
public final class ScrapeBench {

    private ScrapeBench() {
    }

    public static void main(String[] args) throws IOException {
        int containers = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        Set<MetricKind> kinds = MetricKind.resolve(List.of(), List.of("advtcp", "cpu_topology", "cpuset", "hugetlb",
                "memory_numa", "process", "referenced_memory", "resctrl", "sched", "tcp", "udp"));
        LabelPolicy policy = LabelPolicy.DEFAULT.withKubeletLabels(args.length > 3 && args[3].equals("kubelet"));
        MetricsScraper scraper = new MetricsScraper(kinds, policy, Clock.systemUTC(),
                new VersionLabels("k", "os", "", "v", ""), null);
        int labels = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        SyntheticContainerSource source = new SyntheticContainerSource(containers, labels);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] wall = new double[rounds];
        double[] cpu = new double[rounds];
        long bytes = 0;
        long allocated = 0;
        com.sun.management.ThreadMXBean alloc = (com.sun.management.ThreadMXBean) threads;
        for (int warm = 0; warm < 2; warm++) {
            for (int i = 0; i < rounds; i++) {
                Counting out = new Counting();
                long t0 = System.nanoTime();
                long c0 = threads.getCurrentThreadCpuTime();
                long a0 = alloc.getCurrentThreadAllocatedBytes();
                Utf8Writer w = new Utf8Writer(out, 64 * 1024);
                scraper.write(w, source, ScrapeOptions.ALL, false);
                w.flush();
                cpu[i] = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
                wall[i] = (System.nanoTime() - t0) / 1e6;
                bytes = out.count;
                allocated = alloc.getCurrentThreadAllocatedBytes() - a0;
            }
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        System.out.printf("containers=%d bytes=%d allocated=%d wall_ms median=%.2f p90=%.2f cpu_ms median=%.2f p90=%.2f%n",
                containers, bytes, allocated, wall[rounds / 2], wall[(int) (rounds * 0.9)], cpu[rounds / 2],
                cpu[(int) (rounds * 0.9)]);
    }

    private static final class Counting extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
