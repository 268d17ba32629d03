package io.jcadvisor.container.raw;

import io.jcadvisor.cgroup.CgroupContainer;
import io.jcadvisor.cgroup.CgroupContainers;
import io.jcadvisor.cgroup.ContainerGoneException;
import io.jcadvisor.container.Acceptance;
import io.jcadvisor.container.ContainerHandler;
import io.jcadvisor.container.systemd.SystemdFactory;
import io.jcadvisor.info.v1.ContainerReference;
import io.jcadvisor.info.v1.ContainerSpec;
import io.jcadvisor.info.v1.ContainerStats;
import io.jcadvisor.info.v1.CpuSpec;
import io.jcadvisor.info.v1.FsStats;
import io.jcadvisor.info.v1.MemorySpec;
import io.jcadvisor.info.v1.ProcessSpec;
import io.jcadvisor.container.ProcessView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RawFactoryTest {

    /** A cgroup that is always gone: enough to see the handler delegate. */
    private static final CgroupContainers GONE = name -> new CgroupContainer() {
        @Override
        public String name() {
            return name;
        }

        @Override
        public ContainerSpec spec() throws ContainerGoneException {
            throw new ContainerGoneException(name);
        }

        @Override
        public ContainerStats stats() throws ContainerGoneException {
            throw new ContainerGoneException(name);
        }

        @Override
        public List<Integer> pids() {
            return List.of(7);
        }

        @Override
        public boolean exists() {
            return false;
        }
    };

    @ParameterizedTest(name = "dockerOnly={1} whitelist=[{2}] {0} -> {3}")
    @CsvSource(delimiter = '|', value = {
            "/|false||ACCEPT",
            "/user.slice|false||ACCEPT",
            "/docker/abc|false||ACCEPT",
            "/|true||ACCEPT",
            "/user.slice|true||IGNORE",
            "/user.slice|true|/user.slice,/system.slice|ACCEPT",
            "/kubepods/x|true|/user.slice,/system.slice|IGNORE",
            "/system.slice/cron.service|false|/system.slice|ACCEPT",
            "/other|false|/system.slice|IGNORE",
            "/|false|/system.slice|ACCEPT",
    })
    void acceptance(String name, boolean dockerOnly, String whitelist, Acceptance expected) {
        List<String> prefixes = whitelist == null ? List.of() : List.of(whitelist.split(","));
        assertThat(new RawFactory(GONE, dockerOnly, prefixes).canHandleAndAccept(name)).isEqualTo(expected);
    }

    @Test
    void rawIsAskedLast() {
        RawFactory raw = new RawFactory(GONE, false, List.of());
        assertThat(raw.order()).isEqualTo(Integer.MAX_VALUE);
        assertThat(raw.name()).isEqualTo("raw");
    }

    @Test
    void handlerCarriesJustTheNameAndDelegates() {
        ContainerHandler handler = new RawFactory(GONE, false, List.of()).newHandler("/user.slice");
        assertThat(handler.reference()).isEqualTo(ContainerReference.of("/user.slice"));
        assertThat(handler.labels()).isEmpty();
        assertThat(handler.pids()).containsExactly(7);
        assertThat(handler.exists()).isFalse();
        assertThatThrownBy(handler::stats).isInstanceOf(ContainerGoneException.class);
        assertThatThrownBy(handler::spec).isInstanceOf(ContainerGoneException.class);
    }

    @ParameterizedTest(name = "disk group on: {0}")
    @ValueSource(booleans = {true, false})
    void rootHasNetworkAndFilesystemWhateverTheDiskGroup(boolean diskGroup) throws Exception {
        // Upstream's raw handler sets has_filesystem for "/" unconditionally; only the stats leave the
        // filesystems out when the disk group is off (the factory then passes no filesystem source).
        ContainerSpec bare = new ContainerSpec(Instant.EPOCH, ContainerSpec.ZERO_TIME, Map.of(), Map.of(), true,
                new CpuSpec(1024, 0, "0-1", 0, 100000), true, new MemorySpec(1L << 30, 0, 0), false, false, false,
                ProcessSpec.NONE, false, true, false, List.of(), null);
        CgroupContainers cgroups = name -> new FixedSpec(name, bare);
        Supplier<List<FsStats>> filesystems = diskGroup ? List::of : null;
        RawFactory factory = new RawFactory(cgroups, false, List.of(), ProcessView::none, filesystems);
        ContainerSpec root = factory.newHandler("/").spec();
        assertThat(root.hasFilesystem()).isTrue();
        assertThat(root.hasNetwork()).isTrue();
        ContainerSpec other = factory.newHandler("/user.slice").spec();
        assertThat(other.hasFilesystem()).isFalse();
        assertThat(other.hasNetwork()).isFalse();
    }

    /** A cgroup whose spec is given. */
    private record FixedSpec(String name, ContainerSpec spec) implements CgroupContainer {
        @Override
        public ContainerStats stats() throws ContainerGoneException {
            throw new ContainerGoneException(name);
        }

        @Override
        public List<Integer> pids() {
            return List.of();
        }

        @Override
        public boolean exists() {
            return true;
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "/system.slice/var-lib-docker-overlay2-abc-merged.mount, IGNORE",
            "/system.slice/-.mount, IGNORE",
            "/system.slice/docker.service, NOT_MINE",
            "/, NOT_MINE",
            "/mount, NOT_MINE",
    })
    void systemdIgnoresMountUnitsOnly(String name, Acceptance expected) {
        assertThat(new SystemdFactory().canHandleAndAccept(name)).isEqualTo(expected);
    }
}
