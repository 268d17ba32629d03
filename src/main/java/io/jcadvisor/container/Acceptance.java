package io.jcadvisor.container;

/** A factory's answer for a cgroup name. */
public enum Acceptance {
    /** Not this runtime's cgroup: ask the next factory. */
    NOT_MINE,
    /** This runtime's cgroup, but do not track it (a {@code .mount} unit, a sandbox scope). */
    IGNORE,
    /** Track it with this factory's handler. */
    ACCEPT,
    /**
     * This runtime's cgroup, but the runtime has not described the container yet (it is still
     * starting it): track nothing and record no event for now. The factory fires a
     * {@link DiscoveryHint} when the answer comes, and the manager offers the name again; a name
     * pending longer than {@code cadvisor.containers.pending-timeout} goes to the next factory (raw).
     */
    PENDING
}
