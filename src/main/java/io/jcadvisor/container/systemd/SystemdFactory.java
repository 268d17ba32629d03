package io.jcadvisor.container.systemd;

import io.jcadvisor.container.Acceptance;
import io.jcadvisor.container.ContainerHandler;
import io.jcadvisor.container.ContainerHandlerFactory;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * systemd mount units ({@code *.mount} cgroups) are not containers: claim them so that raw does
 * not track them, as upstream's systemd factory does. Everything else is someone else's.
 */
@ApplicationScoped
public class SystemdFactory implements ContainerHandlerFactory {

    @Override
    public String name() {
        return "systemd";
    }

    @Override
    public int order() {
        return 0;
    }

    @Override
    public Acceptance canHandleAndAccept(String name) {
        return name.endsWith(".mount") ? Acceptance.IGNORE : Acceptance.NOT_MINE;
    }

    @Override
    public ContainerHandler newHandler(String name) {
        throw new IllegalStateException("systemd never accepts a cgroup: " + name);
    }
}
