package io.jcadvisor.container;

/** A factory's answer for a cgroup name. */
public enum Acceptance {
    /** Not this runtime's cgroup: ask the next factory. */
    NOT_MINE,
    /** This runtime's cgroup, but do not track it (a {@code .mount} unit, a sandbox scope). */
    IGNORE,
    /** Track it with this factory's handler. */
    ACCEPT
}
