package io.jcadvisor.host;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The host facts: which file gives each, its fallback, and what is read once. */
class HostFactsTest {

    @TempDir
    Path root;

    private void write(String hostPath, String text) throws IOException {
        Path p = root.resolve(hostPath.substring(1));
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    @Test
    void bootTimeAndUptimeFromProc() throws IOException {
        write("/proc/stat", "cpu  515 0 263\nbtime 1795735057\nprocesses 164\n");
        write("/proc/uptime", "13.31 15.91\n");
        HostFacts facts = new HostFacts(new HostFs(root));
        assertThat(facts.bootTimeSeconds()).hasValue(1795735057L);
        assertThat(facts.uptimeSeconds()).hasValue(13.31);

        write("/proc/stat", "btime 1\n");
        write("/proc/uptime", "14.31 15.91\n");
        assertThat(facts.bootTimeSeconds()).as("read once: constant for a boot").hasValue(1795735057L);
        assertThat(facts.uptimeSeconds()).as("read each time").hasValue(14.31);
    }

    @Test
    void parsersRejectWhatIsNotANumber() {
        assertThat(HostFacts.parseBtime(List.of("cpu  515 0 263"))).isEmpty();
        assertThat(HostFacts.parseBtime(List.of("btime soon"))).isEmpty();
        assertThat(HostFacts.parseUptime("")).isEmpty();
        assertThat(HostFacts.parseUptime("NaN 1")).isEmpty();
        assertThat(HostFacts.parseUptime("-1 1")).isEmpty();
        assertThat(HostFacts.parseUptime("9000.25")).hasValue(9000.25);
    }

    @Test
    void cpusAndHugepageSizesAreReadOnce() throws IOException {
        write("/proc/cpuinfo", "processor\t: 0\nmodel name\t: x\n\nprocessor\t: 1\n");
        Files.createDirectories(root.resolve("sys/kernel/mm/hugepages/hugepages-2048kB"));
        Files.createDirectories(root.resolve("sys/kernel/mm/hugepages/hugepages-1048576kB"));
        Files.createDirectories(root.resolve("sys/kernel/mm/hugepages/not-a-size"));
        HostFacts facts = new HostFacts(new HostFs(root));
        assertThat(facts.logicalCpus()).isEqualTo(2);
        assertThat(facts.hugepageSizesKb()).containsExactly(1048576L, 2048L);

        write("/proc/cpuinfo", "processor\t: 0\n");
        assertThat(facts.logicalCpus()).isEqualTo(2);
        assertThat(facts.cpuInfo()).as("the text itself is read each time").containsExactly("processor\t: 0");
        assertThat(new HostFacts(new HostFs(root)).logicalCpus()).as("another root, another reading").isEqualTo(1);
    }

    @Test
    void mountTableOfPidOneElseOurOwn() throws IOException {
        HostFacts facts = new HostFacts(new HostFs(root));
        assertThat(facts.mountInfo()).isEmpty();
        write("/proc/self/mountinfo", "self\n");
        assertThat(facts.mountInfo()).containsExactly("self");
        write("/proc/1/mountinfo", "init\n");
        assertThat(facts.mountInfo()).containsExactly("init");
    }

    @Test
    void hugepagePoolNamesGiveTheirSizeInKb() {
        assertThat(HostFacts.hugepageSizeKb("hugepages-2048kB")).hasValue(2048);
        assertThat(HostFacts.hugepageSizeKb("hugepages-1048576kB")).hasValue(1048576);
        assertThat(HostFacts.hugepageSizeKb("hugepages-kB")).isEmpty();
        assertThat(HostFacts.hugepageSizeKb("hugepages-2048MB")).isEmpty();
        assertThat(HostFacts.hugepageSizeKb("not-a-size")).isEmpty();
    }

    @Test
    void memInfoIsReadEachTime() throws IOException {
        HostFacts facts = new HostFacts(new HostFs(root));
        assertThat(facts.memInfoLines()).as("unreadable: no lines").isEmpty();
        write("/proc/meminfo", "MemTotal:        1024 kB\nSwapTotal:          0 kB\n");
        assertThat(facts.memInfoLines()).containsExactly("MemTotal:        1024 kB", "SwapTotal:          0 kB");
        write("/proc/meminfo", "MemTotal:        2048 kB\n");
        assertThat(facts.memInfoLines()).containsExactly("MemTotal:        2048 kB");
    }
}
