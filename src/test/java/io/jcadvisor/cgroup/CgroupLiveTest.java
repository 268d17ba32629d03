package io.jcadvisor.cgroup;

import io.jcadvisor.info.v1.ContainerSpec;
import io.jcadvisor.info.v1.ContainerStats;
import io.jcadvisor.info.v1.CpuSpec;
import io.jcadvisor.info.v1.DiskIoStats;
import io.jcadvisor.info.v1.PerDiskStats;
import io.jcadvisor.testing.CgroupTasks;
import io.jcadvisor.testing.LoopDevice;
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
 * burner and a memory hog in it, and block I/O of known sizes on a loop device of our own.
 * Everything created (cgroups, loop device, its file) is removed afterwards, even on failure.
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
        CgroupTasks.removeAll(created);
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
        // Up to 30 s: a 50 MiB pipe copy on a loaded 2-core machine can take several seconds.
        for (int i = 0; i < 1200 && !condition.test(s); i++) {
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
        // tail is still filling its line when usage first passes the mark, and part of usage is then
        // page cache that is not in the working set: wait for the line to be held, not just begun.
        ContainerStats grown = await(c, s -> s.memory().usage() > before + (40L << 20)
                && s.memory().workingSet() > 40L << 20 && s.memory().rss() > 40L << 20);
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
        assertThat(Files.isDirectory(CGROUP.resolve("perf_event"))).as("perf_event mounted (bin/provision)").isTrue();
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
    void directIoIsAccountedToTheCgroupPerDeviceAndNamedAsUpstream() throws Exception {
        // v1 blkio on this kernel accounts I/O to a cgroup only where a throttle rule is set: a fresh
        // machine (or one after blkio.reset_stats) shows "Total 0" everywhere. So the test makes the
        // whole chain: a cgroup of its own, throttle rules with a limit never reached, and direct I/O
        // of a known size from a process in that cgroup on a loop device of its own. A rule on a disk
        // of the machine too, which the kernel then lists for the cgroup, shows naming from
        // /sys/block (this sandbox refuses to open the machine's disks, so no I/O is made on it).
        Path blkio = CGROUP.resolve("blkio" + name);
        Files.createDirectory(blkio);
        created.add(blkio);
        String disk = firstRealDisk();
        String diskNumbers = Files.readString(Path.of("/sys/block", disk, "dev")).trim();
        try (LoopDevice loop = LoopDevice.attach("jcadv-blkio-", 8L << 20)) {
            String loopNumbers = loop.majorMinor();
            for (String numbers : List.of(loopNumbers, diskNumbers)) {
                Files.writeString(blkio.resolve("blkio.throttle.read_bps_device"), numbers + " " + (1L << 40));
                Files.writeString(blkio.resolve("blkio.throttle.write_bps_device"), numbers + " " + (1L << 40));
            }
            CgroupContainer c = readers.open(name);
            // A rule makes the kernel list the device, with zeros until I/O comes.
            assertThat(c.stats().diskio().ioServiceBytes()).allSatisfy(d -> assertThat(d.stats()).containsEntry("Total", 0L));

            runInBlkio(blkio, "dd if=" + loop.path() + " of=/dev/null bs=64k count=64 iflag=direct"
                    + " && dd if=/dev/zero of=" + loop.path() + " bs=64k count=32 oflag=direct");

            Map<String, PerDiskStats> bytes = byNumbers(c.stats().diskio().ioServiceBytes());
            assertThat(bytes).containsOnlyKeys(loopNumbers, diskNumbers);
            assertThat(bytes.get(loopNumbers).stats()).isEqualTo(Map.of("Read", 4L << 20, "Write", 2L << 20,
                    "Sync", 6L << 20, "Async", 0L, "Discard", 0L, "Total", 6L << 20));
            // Upstream names a device from its disk map (/sys/block without loop, ram and sr devices),
            // else from a mounted filesystem with those numbers: our unmounted loop device stays "".
            assertThat(bytes.get(loopNumbers).device()).isEmpty();
            assertThat(bytes.get(diskNumbers).device()).isEqualTo("/dev/" + disk);
            // Reads of dd's own binary that missed the page cache may count here: no exact figure.
            assertThat(bytes.get(diskNumbers).stats()).containsKeys("Read", "Write", "Total");
            Map<String, PerDiskStats> serviced = byNumbers(c.stats().diskio().ioServiced());
            assertThat(serviced.get(loopNumbers).stats()).containsEntry("Read", 64L).containsEntry("Write", 32L);
            assertThat(serviced.get(diskNumbers).device()).isEqualTo("/dev/" + disk);

            // The root's recursive throttle files count every descendant, ours included (concurrent
            // runs may add theirs on the same device numbers, hence at least).
            Map<String, PerDiskStats> root = byNumbers(readers.open("/").stats().diskio().ioServiceBytes());
            assertThat(root).containsKeys(loopNumbers, diskNumbers);
            assertThat(root.get(diskNumbers).device()).isEqualTo("/dev/" + disk);
            assertThat(root.get(loopNumbers).stats().get("Read")).isGreaterThanOrEqualTo(4L << 20);
            assertThat(root.get(loopNumbers).stats().get("Write")).isGreaterThanOrEqualTo(2L << 20);
        }
    }

    /** The first disk of /sys/block backed by a device (not loop, ram, zram, sr, nor a hidden path). */
    private static String firstRealDisk() throws IOException {
        try (var disks = Files.list(Path.of("/sys/block"))) {
            return disks.filter(d -> Files.exists(d.resolve("device")))
                    .map(d -> d.getFileName().toString())
                    .filter(d -> !d.startsWith("loop") && !d.startsWith("ram") && !d.startsWith("sr"))
                    .filter(d -> !readQuietly(Path.of("/sys/block", d, "hidden")).equals("1"))
                    .sorted().findFirst()
                    .orElseThrow(() -> new AssertionError("this machine has no disk in /sys/block"));
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException absent) {
            return "";
        }
    }

    private static Map<String, PerDiskStats> byNumbers(List<PerDiskStats> list) {
        Map<String, PerDiskStats> out = new HashMap<>();
        list.forEach(d -> out.put(d.major() + ":" + d.minor(), d));
        return out;
    }

    /** Runs {@code sh -c script} moved into the blkio cgroup before it starts, to its end. */
    private void runInBlkio(Path blkio, String script) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "read go; " + script).redirectErrorStream(true).start();
        processes.add(p);
        Files.writeString(blkio.resolve("cgroup.procs"), Long.toString(p.pid()));
        try (OutputStream in = p.getOutputStream()) {
            in.write("go\n".getBytes(StandardCharsets.US_ASCII));
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(script).isTrue();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(output).isZero();
    }

    @Test
    void cgroupWithNoBlockIoHasEmptyDeviceListsNotAnError() throws Exception {
        // What the kernel writes for a cgroup that did no accounted I/O: "Total 0" and no device line.
        Path blkio = CGROUP.resolve("blkio" + name);
        Files.createDirectory(blkio);
        created.add(blkio);
        assertThat(Files.readString(blkio.resolve("blkio.throttle.io_service_bytes_recursive")).trim())
                .isEqualTo("Total 0");
        DiskIoStats diskio = readers.open(name).stats().diskio();
        assertThat(diskio.ioServiceBytes()).isEmpty();
        assertThat(diskio.ioServiced()).isEmpty();
        assertThat(readers.open(name).spec().hasDiskio()).isTrue();
    }

    @Test
    void liveSpecIsTheSameWithDefaultGroupsAsWithEveryGroup() throws Exception {
        // Limits of our own, so each compared field has a value that is not a default.
        String lastCpu = Integer.toString(Runtime.getRuntime().availableProcessors() - 1);
        Files.writeString(CGROUP.resolve("cpuset" + name + "/cpuset.cpus"), lastCpu);
        Files.writeString(CGROUP.resolve("pids" + name + "/pids.max"), "77");
        Files.writeString(CGROUP.resolve("memory" + name + "/memory.limit_in_bytes"), Long.toString(300L << 20));
        Files.writeString(CGROUP.resolve("memory" + name + "/memory.soft_limit_in_bytes"), Long.toString(100L << 20));
        Files.writeString(CGROUP.resolve("cpu" + name + "/cpu.cfs_quota_us"), "25000");
        Files.writeString(CGROUP.resolve("cpu" + name + "/cpu.shares"), "512");
        ContainerSpec defaults = TestHosts.readers(Path.of("/"), TestHosts.defaults(), Clock.systemUTC())
                .open(name).spec();
        ContainerSpec all = readers.open(name).spec();
        SpecMetricGroupsTest.groupIndependentFields().forEach((field, value) ->
                assertThat(value.apply(defaults)).as(field).isEqualTo(value.apply(all)));
        assertThat(defaults.cpu()).isEqualTo(new CpuSpec(512, 0, lastCpu, 25000, 100000));
        assertThat(defaults.hasProcesses()).isTrue();
        assertThat(defaults.processes().limit()).isEqualTo(77);
        assertThat(defaults.memory().limit()).isEqualTo(300L << 20);
        assertThat(defaults.memory().reservation()).isEqualTo(100L << 20);

        ContainerSpec rootDefaults = TestHosts.readers(Path.of("/"), TestHosts.defaults(), Clock.systemUTC())
                .open("/").spec();
        assertThat(rootDefaults.cpu().mask()).isEqualTo(Files.readString(CGROUP.resolve("cpuset/cpuset.cpus")).trim());
        SpecMetricGroupsTest.groupIndependentFields().forEach((field, value) -> {
            if (!field.equals("creation_time")) {
                // the root's creation time is floored at boot time, computed from "now" per read
                assertThat(value.apply(rootDefaults)).as("/ " + field).isEqualTo(value.apply(uncheckedRootSpec()));
            }
        });
    }

    private ContainerSpec uncheckedRootSpec() {
        try {
            return readers.open("/").spec();
        } catch (ContainerGoneException e) {
            throw new IllegalStateException(e);
        }
    }
}
