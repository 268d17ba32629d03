package io.jcadvisor.container.containerd;

/**
 * The containerd daemons the live tests run against, both started by {@code bin/provision}: the system
 * one (Debian 12's 1.6) and the peer that {@code bin/containerd-peer} unpacks from Debian unstable (2.1,
 * what current nodes run) with its own socket, root and state. Each has its own {@code ctr}, talking to
 * its own socket.
 */
enum ContainerdDaemon {

    /** Debian 12's containerd at its default socket. */
    SYSTEM("1.6", "/usr/bin/ctr", "/run/containerd/containerd.sock"),
    /** containerd 2.1 from Debian unstable, beside the system one ({@code bin/containerd-peer}). */
    PEER_2_1("2.1", "/opt/jcadvisor-peers/containerd-2.1/usr/bin/ctr", "/run/jcadvisor-containerd-2.1/containerd.sock");

    /** The major.minor release the daemon must report. */
    final String release;
    final String ctr;
    final String socket;

    ContainerdDaemon(String release, String ctr, String socket) {
        this.release = release;
        this.ctr = ctr;
        this.socket = socket;
    }

    /** What to run first when the daemon is not there. */
    String provisionHint() {
        return "containerd " + release + " at " + socket + " with the test image: run bin/provision first";
    }

    @Override
    public String toString() {
        return "containerd " + release + " (" + socket + ")";
    }
}
