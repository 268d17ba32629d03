package io.jcadvisor.cgroup;

import io.jcadvisor.host.HostFs;
import io.jcadvisor.info.v1.ContainerSpec;
import io.jcadvisor.info.v1.ContainerStats;
import io.jcadvisor.info.v1.PerDiskStats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Against this host's real cgroup v1 controllers (needs root): a cgroup of our own with a CPU
 * burner and a memory hog in it. Everything created is removed afterwards, even on failure.
 */
class CgroupLiveTest {

    private static final Path CGROUP = Path.of("/sys/fs/cgroup");
    private static final String[] CONTROLLERS = {"cpu", "cpuacct", "memory", "pids", "cpuset"};

    private final String name = "/jcadv-cg-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<Process> processes = new ArrayList<>();
    private final List<Path> created = new ArrayList<>();
    private CgroupReaders readers;

    @BeforeEach
    void createCgroup() throws IOException {
        assumeThat(Files.isWritable(CGROUP.resolve("cpu/cgroup.procs")))
                .as("root on a cgroup v1 host with separate cpu/cpuacct hierarchies").isTrue();
        readers = TestHosts.readers(Path.of("/"), TestHosts.all(), Clock.systemUTC());
        assumeThat(readers.layout.mode()).isNotEqualTo(CgroupMode.V2);
        for (String controller : CONTROLLERS) {
            Path dir = CGROUP.resolve(controller + name);
            Files.createDirectory(dir);
            created.add(dir);
        }
        // A cpuset accepts no task before it has cpus and mems.
        Path cpuset = CGROUP.resolve("cpuset" + name);
        Files.writeString(cpuset.resolve("cpuset.cpus"), Files.readString(CGROUP.resolve("cpuset/cpuset.cpus")).trim());
        Files.writeString(cpuset.resolve("cpuset.mems"), Files.readString(CGROUP.resolve("cpuset/cpuset.mems")).trim());
    }

    @AfterEach
    void removeCgroup() throws Exception {
        for (Process p : processes) {
            List<ProcessHandle> children = p.descendants().toList();
            children.forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
            for (ProcessHandle child : children) {
                child.onExit().get(5, TimeUnit.SECONDS);
            }
        }
        for (Path dir : created) {
            // The kernel may need a moment to release a cgroup whose last task just died.
            for (int i = 0; i < 250 && Files.exists(dir); i++) {
                try {
                    Files.delete(dir);
                } catch (IOException busy) {
                    Thread.sleep(20);
                }
            }
            assertThat(dir).doesNotExist();
        }
    }

    private Process startInCgroup(String script) throws IOException {
        Process p = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        processes.add(p);
        for (String controller : CONTROLLERS) {
            Files.writeString(CGROUP.resolve(controller + name + "/cgroup.procs"), Long.toString(p.pid()));
        }
        return p;
    }

    /** Samples until the condition holds (the kernel's counters move on their own time). */
    private ContainerStats await(CgroupContainer c, Predicate<ContainerStats> condition) throws Exception {
        ContainerStats s = c.stats();
        for (int i = 0; i < 200 && !condition.test(s); i++) {
            Thread.sleep(25);
            s = c.stats();
        }
        return s;
    }

    @Test
    void cpuMemoryAndProcessesOfALiveCgroup() throws Exception {
        CgroupContainer c = readers.open(name);
        assertThat(c.exists()).isTrue();
        Process burner = startInCgroup("while :; do :; done");
        ContainerStats first = c.stats();
        assertThat(first.processes().processCount()).isEqualTo(1);
        assertThat(first.processes().threadsCurrent()).isEqualTo(1);
        assertThat(c.pids()).containsExactly((int) burner.pid());

        ContainerStats later = await(c, s -> s.cpu().usage().total() > first.cpu().usage().total() + 50_000_000L);
        assertThat(later.cpu().usage().total()).isGreaterThan(first.cpu().usage().total() + 50_000_000L);
        assertThat(later.cpu().usage().perCpuUsage()).isNotEmpty();
        assertThat(later.timestamp()).isAfter(first.timestamp());
        // Pages stay charged where they were first touched: the moved-in burner brings none along.
        assertThat(later.memory().usage()).isNotNegative();

        // A shell that waits for a line, then has tail hold a 50 MiB line: tail keeps it while
        // blocked writing to sleep, which never reads.
        Process hog = startInCgroup("read go; head -c 50M /dev/zero | tail | sleep 600");
        try (OutputStream in = hog.getOutputStream()) {
            in.write("go\n".getBytes(StandardCharsets.US_ASCII));
        }
        long before = later.memory().usage();
        ContainerStats grown = await(c, s -> s.memory().usage() > before + (40L << 20));
        assertThat(grown.memory().usage()).isGreaterThan(before + (40L << 20));
        assertThat(grown.memory().maxUsage()).isGreaterThanOrEqualTo(grown.memory().usage());
        assertThat(grown.memory().workingSet()).isGreaterThan(40L << 20);
        assertThat(grown.memory().rss()).isGreaterThan(40L << 20);
        assertThat(grown.processes().processCount()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void limitsWrittenToTheKernelShowInTheSpec() throws Exception {
        Files.writeString(CGROUP.resolve("memory" + name + "/memory.limit_in_bytes"), Long.toString(200L << 20));
        Files.writeString(CGROUP.resolve("cpu" + name + "/cpu.cfs_quota_us"), "50000");
        Files.writeString(CGROUP.resolve("pids" + name + "/pids.max"), "64");
        ContainerSpec spec = readers.open(name).spec();
        assertThat(spec.memory().limit()).isEqualTo(200L << 20);
        assertThat(spec.cpu().quota()).isEqualTo(50000);
        assertThat(spec.cpu().period()).isEqualTo(100000);
        assertThat(spec.cpu().mask()).isEqualTo(Files.readString(CGROUP.resolve("cpuset/cpuset.cpus")).trim());
        assertThat(spec.processes().limit()).isEqualTo(64);
        assertThat(spec.hasCpu()).isTrue();
        assertThat(spec.hasMemory()).isTrue();
        assertThat(spec.hasProcesses()).isTrue();
        // Not in blkio: that hierarchy is simply absent.
        assertThat(spec.hasDiskio()).isFalse();
        assertThat(spec.creationTime()).isBeforeOrEqualTo(java.time.Instant.now());
    }

    @Test
    void hierarchyMadeAfterTheFirstReadIsReadAsSoonAsItAppears() throws Exception {
        // runc and systemd make a cgroup one hierarchy at a time; the first read can come in between.
        Path memory = CGROUP.resolve("memory" + name);
        Files.delete(memory);
        CgroupContainer c = readers.open(name);
        assertThat(c.spec().hasMemory()).isFalse();
        c.stats();

        Files.createDirectory(memory);
        Files.writeString(memory.resolve("memory.limit_in_bytes"), Long.toString(96L << 20));
        ContainerSpec spec = c.spec();
        assertThat(spec.hasMemory()).isTrue();
        assertThat(spec.memory().limit()).isEqualTo(96L << 20);
        // The shell waits until it is in every hierarchy: children forked before the move would stay
        // outside, and their pages with them. tail then holds the 8 MiB line, blocked writing to sleep.
        Process hog = startInCgroup("read go; head -c 8m /dev/zero | tail | sleep 30");
        try (OutputStream in = hog.getOutputStream()) {
            in.write("go\n".getBytes(StandardCharsets.US_ASCII));
        }
        ContainerStats stats = await(c, st -> st.memory() != null && st.memory().usage() > 0);
        assertThat(stats.memory().usage()).as("stats read the new hierarchy too").isPositive();
    }

    @Test
    void cgroupSeenOnlyInPerfEventSoFarExists() throws Exception {
        // The watch reports a name once, when its first directory appears; runc may make perf_event
        // first, and a container read as gone then would wait for the next global walk.
        Path perf = CGROUP.resolve("perf_event" + name);
        assumeThat(Files.isDirectory(CGROUP.resolve("perf_event"))).as("perf_event mounted (bin/provision)").isTrue();
        for (Path dir : created) {
            Files.delete(dir);
        }
        Files.createDirectory(perf);
        created.add(perf);
        CgroupContainer c = readers.open(name);
        assertThat(c.exists()).isTrue();
        assertThat(c.spec().hasCpu()).isFalse();
    }

    @Test
    void removedCgroupIsGoneNeverAnotherException() throws Exception {
        CgroupContainer c = readers.open(name);
        Process burner = startInCgroup("while :; do :; done");
        assertThat(c.stats().processes().processCount()).isEqualTo(1);
        burner.destroyForcibly();
        burner.waitFor(5, TimeUnit.SECONDS);
        removeCgroup();
        created.clear();
        assertThat(c.exists()).isFalse();
        assertThatThrownBy(c::stats).isInstanceOf(ContainerGoneException.class);
        assertThatThrownBy(c::spec).isInstanceOf(ContainerGoneException.class);
        assertThat(c.pids()).isEmpty();
    }

    @Test
    void rootBlkioDevicesAreNamedFromSysBlock() throws Exception {
        // The root cgroup's throttle files count the whole machine's I/O, per disk of /sys/block.
        HostFs fs = new HostFs(Path.of("/"));
        Map<String, String> disks = new HashMap<>();
        for (String disk : fs.list("/sys/block")) {
            fs.readString("/sys/block/" + disk + "/dev").ifPresent(dev -> disks.put(dev.trim(), "/dev/" + disk));
        }
        List<PerDiskStats> bytes = readers.open("/").stats().diskio().ioServiceBytes();
        assertThat(bytes).isNotEmpty();
        for (PerDiskStats d : bytes) {
            String expected = disks.get(d.major() + ":" + d.minor());
            if (expected != null && !expected.startsWith("/dev/loop")) {
                assertThat(d.device()).as(d.major() + ":" + d.minor()).isEqualTo(expected);
            }
        }
        assertThat(bytes).extracting(PerDiskStats::device).anyMatch(dev -> !dev.isEmpty());
    }
}
