package io.jcadvisor.cgroup;

import io.jcadvisor.config.EnabledMetrics;
import io.jcadvisor.config.MetricKind;
import io.jcadvisor.fs.Partitions;
import io.jcadvisor.host.HostFacts;
import io.jcadvisor.host.HostFs;
import io.jcadvisor.machine.MachineDeviceNamer;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Builds cgroup readers over a fixture host or the real one, without Quarkus. */
final class TestHosts {

    /** Upstream's default {@code -disable_metrics}. */
    static final List<String> DEFAULT_DISABLED = List.of("advtcp", "cpu_topology", "cpuset", "hugetlb",
            "memory_numa", "process", "referenced_memory", "resctrl", "sched", "tcp", "udp");

    static final Instant NOW = Instant.parse("2026-11-26T23:50:00Z");

    private TestHosts() {
    }

    static Path fixture(String scenario) {
        return Path.of("src/test/resources/host", scenario).toAbsolutePath();
    }

    static Set<MetricKind> all() {
        return EnumSet.allOf(MetricKind.class);
    }

    static Set<MetricKind> defaults() {
        return MetricKind.resolve(List.of(), DEFAULT_DISABLED);
    }

    static CgroupReaders readers(Path root, Set<MetricKind> kinds, Clock clock) {
        return readers(root, kinds, clock, HostFs.DEFAULT_MAX_OPEN_FILES);
    }

    /** With at most {@code maxOpenFiles} cgroup files held open (0: each read opens its file). */
    static CgroupReaders readers(Path root, Set<MetricKind> kinds, Clock clock, int maxOpenFiles) {
        HostFs fs = new HostFs(root, maxOpenFiles);
        HostFacts facts = new HostFacts(fs);
        EnabledMetrics metrics = new EnabledMetrics(kinds);
        DeviceNamer namer = new MachineDeviceNamer(fs,
                new Partitions(fs, facts, "/var/lib/docker", Duration.ofMinutes(5), clock),
                Duration.ofMinutes(5), clock)::deviceName;
        return new CgroupReaders(fs, facts, new CgroupLayout(facts, metrics), metrics, clock, namer);
    }

    static CgroupReaders fixtureReaders(String scenario, Set<MetricKind> kinds) {
        return readers(fixture(scenario), kinds, Clock.fixed(NOW, ZoneOffset.UTC));
    }
}
