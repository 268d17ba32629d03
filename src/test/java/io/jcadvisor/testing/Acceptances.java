package io.jcadvisor.testing;

import io.jcadvisor.container.Acceptance;
import io.jcadvisor.container.ContainerHandlerFactory;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Acceptance of a container a real runtime has just started, as discovery sees it. */
public final class Acceptances {

    private Acceptances() {
    }

    /**
     * Asks {@code factory} about {@code cgroup} until it accepts it (at most 30 s), and fails on any
     * answer but {@code PENDING} or {@code ACCEPT}. A loaded daemon may describe a container it has just
     * started later than discovery's short wait; the factory then says PENDING (mine, not described
     * yet), and discovery asks again on the answer's hint, as this does by polling.
     */
    public static Acceptance awaitAccepted(ContainerHandlerFactory factory, String cgroup) {
        return Await.poll(Duration.ofSeconds(30), Duration.ofMillis(200), () -> {
            Acceptance a = factory.canHandleAndAccept(cgroup);
            assertThat(a).as("acceptance of %s", cgroup).isIn(Acceptance.PENDING, Acceptance.ACCEPT);
            return a;
        }, a -> a == Acceptance.ACCEPT);
    }
}
