package io.jcadvisor.manager;

import io.jcadvisor.info.v1.ContainerSpec;
import io.jcadvisor.testing.FixedRandom;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The index of containers by parent: children without a scan, and nothing left when they go. */
class ContainerIndexTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final FakeFactory raw = FakeFactory.raw(Clock.fixed(T0, ZoneOffset.UTC));

    private ContainerData data(String name) throws Exception {
        ContainerSpec spec = raw.newHandler(name).spec();
        return new ContainerData(name, "raw", raw.handlers.get(name),
                new HousekeepingSchedule(HousekeepingSettings.defaults(), new FixedRandom(0)), spec, T0, T0);
    }

    @Test
    void childrenAreIndexedAndAnEmptyParentEntryIsDropped() throws Exception {
        ContainerIndex index = new ContainerIndex();
        for (String name : List.of("/", "/a", "/a/b", "/a/c", "/d")) {
            index.add(data(name));
        }
        assertThat(index.children("/")).extracting(ContainerData::name).containsExactlyInAnyOrder("/a", "/d");
        assertThat(index.children("/a")).extracting(ContainerData::name).containsExactlyInAnyOrder("/a/b", "/a/c");
        assertThat(index.indexedParents()).containsExactlyInAnyOrder("/", "/a");

        index.remove("/a/b");
        index.remove("/a/c");
        index.remove("/d");
        assertThat(index.children("/a")).isEmpty();
        assertThat(index.indexedParents()).as("no entry kept for a parent without children").containsExactly("/");
        assertThat(index.names()).containsExactlyInAnyOrder("/", "/a");
    }

    @Test
    void namesAreNormalised() {
        assertThat(ContainerIndex.normalize("")).isEqualTo("/");
        assertThat(ContainerIndex.normalize(null)).isEqualTo("/");
        assertThat(ContainerIndex.normalize("docker/")).isEqualTo("/docker");
        assertThat(ContainerIndex.normalize("/docker//")).isEqualTo("/docker");
        assertThat(ContainerIndex.normalize("/")).isEqualTo("/");
    }
}
