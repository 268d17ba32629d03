package io.jcadvisor.web;

import io.jcadvisor.cgroup.CgroupMode;
import io.jcadvisor.cgroup.CgroupMounts;
import io.jcadvisor.container.Acceptance;
import io.jcadvisor.container.ContainerHandler;
import io.jcadvisor.container.ContainerHandlerFactory;
import io.jcadvisor.info.v1.ContainerReference;
import io.jcadvisor.info.v1.ContainerSpec;
import io.jcadvisor.info.v1.ContainerStats;
import io.jcadvisor.info.v1.MachineInfo;
import io.jcadvisor.machine.MachineInfoSource;
import io.jcadvisor.testing.Samples;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Test-only stand-ins for beans other parts of the agent provide (cgroup mounts, machine info, the raw
 * factory), enabled only by {@link ManagerHealthProfile}, so the app boots on a branch without them and
 * does not clash with the real ones after the merge.
 */
public final class TestHostBeans {

    private TestHostBeans() {
    }

    /** One hierarchy root: a directory under {@code target/} with one sub-cgroup (host root is {@code /}). */
    @Alternative
    @ApplicationScoped
    public static class TempMounts implements CgroupMounts {

        private final Path root;

        public TempMounts() {
            try {
                // under target/, so a run that ends before @PreDestroy leaves nothing in /tmp
                Path parent = Files.createDirectories(Path.of("target", "test-cgroups").toAbsolutePath());
                root = Files.createTempDirectory(parent, "manager-health");
                Files.createDirectories(root.resolve("child"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public CgroupMode mode() {
            return CgroupMode.V2;
        }

        @Override
        public List<String> hierarchyRoots() {
            return List.of(root.toString());
        }

        @PreDestroy
        void delete() throws IOException {
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** The same machine at every read; counts the reads. */
    @Alternative
    @ApplicationScoped
    public static class FixedMachine implements MachineInfoSource {

        private final AtomicInteger reads = new AtomicInteger();

        @Override
        public MachineInfo read() {
            reads.incrementAndGet();
            return Samples.machine();
        }

        public int reads() {
            return reads.get();
        }
    }

    /** Accepts everything with a handler that reports a constant sample. */
    @Alternative
    @ApplicationScoped
    public static class ConstantRawFactory implements ContainerHandlerFactory {

        @Override
        public String name() {
            return "raw";
        }

        @Override
        public int order() {
            return Integer.MAX_VALUE;
        }

        @Override
        public Acceptance canHandleAndAccept(String name) {
            return Acceptance.ACCEPT;
        }

        @Override
        public ContainerHandler newHandler(String name) {
            return new ContainerHandler() {
                @Override
                public ContainerReference reference() {
                    return ContainerReference.of(name);
                }

                @Override
                public ContainerSpec spec() {
                    return Samples.spec(Instant.EPOCH, true, true);
                }

                @Override
                public ContainerStats stats() {
                    return Samples.stats(Clock.systemUTC().instant(), 1, 1);
                }

                @Override
                public List<Integer> pids() {
                    return List.of();
                }

                @Override
                public boolean exists() {
                    return true;
                }
            };
        }
    }
}
