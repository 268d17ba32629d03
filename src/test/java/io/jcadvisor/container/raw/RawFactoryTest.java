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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

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
