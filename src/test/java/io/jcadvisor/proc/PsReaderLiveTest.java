package io.jcadvisor.proc;

import io.jcadvisor.host.HostFs;
import io.jcadvisor.info.v2.ProcessInfo;
import io.jcadvisor.testing.Commands;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link PsReader} against this host's real {@code /proc}, compared with procps {@code ps}. */
class PsReaderLiveTest {

    private static final int SELF = (int) ProcessHandle.current().pid();

    private final PsReader reader = new PsReader(new HostFs(Path.of("/")), Clock.system(ZoneId.systemDefault()));

    @Test
    void sleepingChildAsPsShowsIt() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "30").start();
        try {
            int pid = (int) sleep.pid();
            awaitAsleep(pid);
            List<ProcessInfo> listed = reader.processes(List.of(pid));
            assertThat(listed).hasSize(1);
            ProcessInfo info = listed.get(0);
            assertThat(info.pid()).isEqualTo(pid);
            assertThat(info.cmd()).isEqualTo("sleep");
            assertThat(info.parentPid()).isEqualTo(SELF);
            assertThat(info.rss()).isPositive();
            assertThat(info.virtualSize()).isGreaterThanOrEqualTo(info.rss());
            assertThat(info.fdCount()).isPositive();
            assertThat(info.cgroupPath()).isEmpty();

            String[] ps = ps(pid);
            assertThat(info.user()).isEqualTo(ps[0]);
            assertThat(info.parentPid()).isEqualTo(Integer.parseInt(ps[2]));
            assertThat(info.startTime()).isEqualTo(ps[3]);
            assertPercentCpuAsPsShowsIt(pid);
            assertThat(info.percentMem()).isEqualTo(Float.parseFloat(ps[5]));
            assertThat(info.rss()).isEqualTo(Long.parseLong(ps[6]) * 1024);
            assertThat(info.virtualSize()).isEqualTo(Long.parseLong(ps[7]) * 1024);
            assertThat(info.status()).isEqualTo(ps[8]);
            assertThat(info.runningTime()).isEqualTo(ps[9]);
            assertThat(info.cmd()).isEqualTo(ps[10]);
            assertThat(info.psr()).isEqualTo(Integer.parseInt(ps[11]));
        } finally {
            sleep.destroyForcibly();
        }
    }

    @Test
    void ourJvmIsMultiThreadedLikePsSays() throws Exception {
        ProcessInfo self = reader.processes(List.of(SELF)).get(0);
        assertThat(self.status()).contains("l");
        String[] ps = ps(SELF);
        assertThat(self.status()).isEqualTo(ps[8]);
        assertThat(self.user()).isEqualTo(ps[0]);
        assertThat(self.startTime()).isEqualTo(ps[3]);
        assertThat(self.cmd()).isEqualTo(ps[10]);
        // a sleeping child often has no tick at all; this JVM has many, so the ratio is tested too
        assertThat(self.percentCpu()).isPositive();
        assertPercentCpuAsPsShowsIt(SELF);
    }

    @Test
    void rootListingHasEveryProcessWithACgroup() throws IOException {
        List<ProcessInfo> all = reader.allProcesses();
        assertThat(all).extracting(ProcessInfo::pid).contains(1, SELF).isSorted();
        ProcessInfo self = all.stream().filter(p -> p.pid() == SELF).findFirst().orElseThrow();
        String expected = ProcCgroupParser.containerName(Files.readAllLines(Path.of("/proc/self/cgroup"))).orElseThrow();
        assertThat(self.cgroupPath()).isEqualTo(expected).startsWith("/");
        assertThat(all).allSatisfy(p -> assertThat(p.cgroupPath()).startsWith("/"));
    }

    @Test
    void zombieIsListedLikePsListsIt() throws Exception {
        // the exec'd sleep never reaps the shell's background child, which stays a zombie
        Process parent = new ProcessBuilder("sh", "-c", "true & exec sleep 30").start();
        try {
            ProcessInfo zombie = null;
            for (int i = 0; i < 100 && zombie == null; i++) {
                List<Integer> children = parent.children().map(h -> (int) h.pid()).toList();
                zombie = reader.processes(children).stream().filter(p -> p.status().startsWith("Z")).findFirst()
                        .orElse(null);
                if (zombie == null) {
                    Thread.sleep(20);
                }
            }
            assertThat(zombie).isNotNull();
            assertThat(zombie.parentPid()).isEqualTo((int) parent.pid());
            assertThat(zombie.rss()).isZero();
            assertThat(zombie.fdCount()).isZero();
            String[] ps = ps(zombie.pid());
            assertThat(zombie.status()).isEqualTo(ps[8]);
            assertThat(zombie.cmd()).isEqualTo(ps[10]);
            assertThat(zombie.virtualSize()).isEqualTo(Long.parseLong(ps[7]) * 1024);
        } finally {
            parent.destroyForcibly();
        }
    }

    @Test
    void exitedProcessIsSkipped() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor(5, TimeUnit.SECONDS);
        assertThat(reader.processes(List.of((int) gone.pid(), SELF))).extracting(ProcessInfo::pid).containsExactly(SELF);
    }

    /**
     * %CPU is CPU time over the process's age at the moment of reading, so it moves between two
     * reads: it falls as the process ages, and rises when the process gets a tick (a CI run saw 6.6
     * here and 7.6 from ps a moment later). So ps's figure must lie between two of ours read just
     * before and just after it; a triple that spans a tick is read again.
     */
    private void assertPercentCpuAsPsShowsIt(int pid) throws Exception {
        List<String> triples = new ArrayList<>();
        for (int attempt = 0; attempt < 20; attempt++) {
            float before = reader.processes(List.of(pid)).get(0).percentCpu();
            float ps = Float.parseFloat(ps(pid)[4]);
            float after = reader.processes(List.of(pid)).get(0).percentCpu();
            if (ps <= Math.max(before, after) && ps >= Math.min(before, after)) {
                return;
            }
            triples.add(before + " " + ps + " " + after);
            Thread.sleep(50);
        }
        throw new AssertionError("ps's %CPU never lay between ours read before and after it (ours, ps, ours): " + triples);
    }

    /** Waits until the child has exec'd and gone to sleep, so its memory no longer changes. */
    private void awaitAsleep(int pid) throws InterruptedException {
        for (int i = 0; i < 250; i++) {
            List<ProcessInfo> listed = reader.processes(List.of(pid));
            if (!listed.isEmpty() && listed.get(0).cmd().equals("sleep") && listed.get(0).status().equals("S")) {
                Thread.sleep(100);
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("sleep (pid " + pid + ") was not asleep after 5 s: " + reader.processes(List.of(pid)));
    }

    /** procps's view of one process, in upstream's column order. */
    private static String[] ps(int pid) throws Exception {
        assertThat(Files.isExecutable(Path.of("/usr/bin/ps")) || Files.isExecutable(Path.of("/bin/ps")))
                .as("procps's ps (bin/provision installs it)").isTrue();
        String out = Commands.run(List.of("ps", "-o", "user=,pid=,ppid=,stime=,pcpu=,pmem=,rss=,vsz=,stat=,time=,comm=,psr=",
                "-p", Integer.toString(pid))).strip();
        String[] fields = out.split("\\s+");
        assertThat(fields).hasSize(12);
        return fields;
    }
}
