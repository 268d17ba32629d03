package io.jcadvisor.bench;

import io.jcadvisor.cgroup.CgroupContainer;
import io.jcadvisor.cgroup.CgroupLayout;
import io.jcadvisor.cgroup.CgroupReaders;
import io.jcadvisor.cgroup.ContainerGoneException;
import io.jcadvisor.container.EnabledMetrics;
import io.jcadvisor.container.MetricKind;
import io.jcadvisor.fs.Partitions;
import io.jcadvisor.host.HostFs;
import io.jcadvisor.machine.MachineDeviceNamer;
import io.jcadvisor.info.v1.ContainerStats;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * One full {@code stats()} sample of one container on this host, every metric group on. With
 * {@code container=bench} a cgroup {@code /jcadv-cg-bench-*} holding one sleeping process is made
 * in every v1 hierarchy (cgroup v1 host, root needed) and removed afterwards; {@code /} reads the
 * root container.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CgroupStatsBenchmark {

    @Param({"bench", "/"})
    public String container;

    private final List<Path> created = new ArrayList<>();
    private Process sleeper;
    private CgroupContainer cgroup;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        HostFs hostFs = new HostFs(Path.of("/"));
        EnabledMetrics metrics = new EnabledMetrics(EnumSet.allOf(MetricKind.class));
        CgroupLayout layout = new CgroupLayout(hostFs, metrics);
        // device names as the agent gives them: the machine's disk map, then its filesystems
        MachineDeviceNamer namer = new MachineDeviceNamer(hostFs,
                new Partitions(hostFs, "/var/lib/docker", Duration.ofMinutes(5), Clock.systemUTC()), Duration.ofMinutes(5),
                Clock.systemUTC());
        CgroupReaders readers = new CgroupReaders(hostFs, layout, metrics, Clock.systemUTC(), namer);
        String name = container;
        if (container.equals("bench")) {
            name = "/jcadv-cg-bench-" + UUID.randomUUID().toString().substring(0, 8);
            sleeper = new ProcessBuilder("sleep", "3600").start();
            for (String mount : layout.hierarchyRoots()) {
                Path dir = Files.createDirectory(Path.of(mount + name));
                created.add(dir);
                if (mount.endsWith("cpuset")) {
                    Files.writeString(dir.resolve("cpuset.cpus"), Files.readString(Path.of(mount, "cpuset.cpus")).trim());
                    Files.writeString(dir.resolve("cpuset.mems"), Files.readString(Path.of(mount, "cpuset.mems")).trim());
                }
                Files.writeString(dir.resolve("cgroup.procs"), Long.toString(sleeper.pid()));
            }
        }
        cgroup = readers.open(name);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        if (sleeper != null) {
            sleeper.destroyForcibly();
            sleeper.waitFor(5, TimeUnit.SECONDS);
        }
        for (Path dir : created) {
            for (int i = 0; i < 50 && Files.exists(dir); i++) {
                try {
                    Files.delete(dir);
                } catch (IOException busy) {
                    Thread.sleep(20);
                }
            }
        }
    }

    @Benchmark
    public ContainerStats stats() throws ContainerGoneException {
        return cgroup.stats();
    }
}
