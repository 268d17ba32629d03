package io.jcadvisor.oom;

import io.jcadvisor.host.HostFacts;

import io.jcadvisor.host.HostFs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class OomParserTest {

    private static final String DOCKER = "/docker/a234aee8274b66c4c46efc8b01537a7e9974eb8835f10dc954a61e07a1ea8aa7";

    private static List<String> fixture(String scenario) {
        return new HostFs(Path.of("src/test/resources/host", scenario)).readLines("/dev/kmsg");
    }

    @Test
    void realKernel618RecordsGiveBothKills() {
        List<OomInstance> found = OomParser.parseAll(fixture("kmsg-v1-kernel-6.18"));

        assertThat(found).containsExactly(
                new OomInstance(11604, "tail", 8159143312L, DOCKER, DOCKER, "CONSTRAINT_MEMCG"),
                new OomInstance(19014, "python3", 8678490028L, "/oomh-fixture-16381", "/oomh-fixture-16381",
                        "CONSTRAINT_MEMCG"));
    }

    @Test
    void handMadeLegacyRecordsUseTaskInAndKilledProcess() {
        List<OomInstance> found = OomParser.parseAll(fixture("kmsg-legacy"));

        assertThat(found).containsExactly(
                new OomInstance(4242, "java", 5000000000L, "/docker/0123abcd", "/docker/0123abcd", ""),
                new OomInstance(777, "nginx: worker", 5100000000L, "/kubepods/pod1/c2", "/kubepods/pod1", ""),
                // a global OOM names no cgroup: both default to the root
                new OomInstance(5151, "stress", 6000000000L, "/", "/", ""));
    }

    @Test
    void recordPrefixIsParsedAndContinuationLinesIgnored() {
        assertThat(OomParser.parseRecord("6,24484,8678490202,-;oom-kill:x\n SUBSYSTEM=cpu\n DEVICE=+cpu:cpu0\n"))
                .contains(new KmsgRecord(6, 24484, 8678490202L, "oom-kill:x"));
        assertThat(OomParser.parseRecord("4,1,2,-,extra;a;b")).contains(new KmsgRecord(4, 1, 2, "a;b"));
        assertThat(OomParser.parseRecord(" SUBSYSTEM=cpu")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ";", "6,24484", "6,24484,;x", "6,x,1,-;x", "-1,1,1,-;x", "6,1,-5,-;x",
            "garbage", "\0\0\0", "6,1,99999999999999999999,-;x", "6,24484,86784"})
    void malformedRecordsAreSkipped(String record) {
        assertThat(OomParser.parseRecord(record)).isEmpty();
    }

    @Test
    void summaryWithGarbagePidStillCountsWithPidZero() {
        assertThat(OomParser.parseAll(List.of("4,1,10,-;x invoked oom-killer: gfp_mask=0",
                "6,2,20,-;oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=,"
                        + "task_memcg=/a,task=x,pid=zz,uid=0")))
                .containsExactly(new OomInstance(0, "x", 10, "/a", "/", "CONSTRAINT_NONE"));
    }

    @Test
    void summaryMissingFieldsDoesNotEndTheBlock() {
        OomParser.Scanner scanner = new OomParser.Scanner();
        feed(scanner, "4,1,10,-;x invoked oom-killer: gfp_mask=0");
        assertThat(feed(scanner, "6,2,20,-;oom-kill:constraint=CONSTRAINT_MEMCG,task_memcg=/a,pid=1")).isEmpty();
        assertThat(scanner.inBlock()).isTrue();
        assertThat(feed(scanner, "3,3,30,-;Memory cgroup out of memory: Killed process 12 (x) total-vm:1kB"))
                .contains(new OomInstance(12, "x", 10, "/", "/", ""));
        assertThat(scanner.inBlock()).isFalse();
    }

    @Test
    void blockWithoutEndIsDroppedWhenTheNextStarts() {
        List<String> records = new ArrayList<>();
        records.add("4,1,10,-;a invoked oom-killer: gfp_mask=0");
        records.add("6,2,11,-;Task in /lost killed as a result of limit of /lost");
        for (int i = 0; i < 10_000; i++) {
            records.add("6," + (3 + i) + ",12,-;Tasks state noise " + i);
        }
        records.add("4,20000,30,-;b invoked oom-killer: gfp_mask=0");
        records.add("3,20001,31,-;Killed process 7 (b) total-vm:1kB");

        // the second block starts clean: the first block's names do not leak into it
        assertThat(OomParser.parseAll(records)).containsExactly(new OomInstance(7, "b", 30, "/", "/", ""));
        assertThat(OomParser.parseAll(records.subList(0, 100))).isEmpty();
    }

    @Test
    void killedProcessOutsideABlockIsIgnored() {
        assertThat(OomParser.parseAll(List.of("3,1,1,-;Killed process 5 (x) total-vm:1kB",
                "6,2,2,-;oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/a,"
                        + "task_memcg=/a,task=x,pid=5,uid=0"))).isEmpty();
    }

    @Test
    void truncatedAndGarbageStreamsNeverThrow() {
        List<String> real = fixture("kmsg-v1-kernel-6.18");
        List<String> mangled = new ArrayList<>();
        for (String line : real) {
            mangled.add(line.substring(0, line.length() / 2));
            mangled.add(new StringBuilder(line).reverse().toString());
            mangled.add(line.replace(',', ';'));
        }
        mangled.add(null);
        // the halved summary lines lose their fields, so the halved "Killed process N (name)" lines end the
        // blocks the legacy way, with the default names: still the real pids, never an exception
        assertThat(OomParser.parseAll(mangled)).extracting(OomInstance::pid).containsExactly(11604, 19014);
    }

    @Test
    void bootTimeIsNowMinusUptimeElseBtime() {
        Instant now = Instant.parse("2026-11-27T00:00:00Z");
        assertThat(OomParser.bootTime(now, HostFacts.parseUptime("9000.25 17000.00\n"), OptionalLong.of(1)))
                .contains(Instant.parse("2026-11-26T21:29:59.750Z"));
        assertThat(OomParser.bootTime(now, HostFacts.parseUptime("garbage"), OptionalLong.of(1795736778)))
                .contains(Instant.ofEpochSecond(1795736778));
        assertThat(OomParser.bootTime(now, HostFacts.parseUptime(""), OptionalLong.empty())).isEmpty();
        assertThat(OomParser.timeOf(Instant.parse("2026-11-26T21:30:00Z"), 8678490028L))
                .isEqualTo(Instant.parse("2026-11-26T23:54:38.490028Z"));
    }

    private static java.util.Optional<OomInstance> feed(OomParser.Scanner scanner, String record) {
        return OomParser.parseRecord(record).flatMap(scanner::accept);
    }
}
