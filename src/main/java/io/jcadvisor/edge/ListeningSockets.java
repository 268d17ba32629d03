package io.jcadvisor.edge;

import io.netty.channel.Channel;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.HttpServerImpl;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.net.impl.ServerID;
import io.vertx.core.net.impl.TCPServerBase;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds the listening Netty socket of a Vert.x HTTP server that Quarkus started, so a handler can see
 * each connection at accept. Vert.x 4 has no public way to it (its connection handler only sees a
 * connection once Vert.x has set it up, and Quarkus keeps that slot for itself), so this reads one
 * private field of Vert.x' server base class, {@code TCPServerBase.bindFuture}, the completed bind of
 * the socket; a Vert.x version without it makes {@link #of} throw, which start-up reports.
 */
@RegisterForReflection(targets = TCPServerBase.class, fields = true, methods = false)
final class ListeningSockets {

    private ListeningSockets() {
    }

    /**
     * The listening sockets of the servers started with {@code options}: Vert.x binds one socket per
     * host and port and shares it between the event loops' server instances. Quarkus gives a random
     * port as a negative number, which Vert.x keys as {@code host/-port}.
     */
    static List<Channel> of(Vertx vertx, HttpServerOptions options) throws ReflectiveOperationException {
        Map<ServerID, HttpServerImpl> servers = ((VertxInternal) vertx).sharedHttpServers();
        List<Channel> found = new ArrayList<>();
        synchronized (servers) {
            for (Map.Entry<ServerID, HttpServerImpl> e : servers.entrySet()) {
                ServerID id = e.getKey();
                if (id.port == options.getPort()
                        && (id.host.equals(options.getHost()) || id.host.startsWith(options.getHost() + "/"))) {
                    found.add(listening(e.getValue()));
                }
            }
        }
        return found;
    }

    private static Channel listening(TCPServerBase server) throws ReflectiveOperationException {
        Field bind = TCPServerBase.class.getDeclaredField("bindFuture");
        bind.setAccessible(true);
        if (bind.get(server) instanceof Future<?> bound && bound.succeeded() && bound.result() instanceof Channel ch) {
            return ch;
        }
        throw new IllegalStateException("the HTTP server on port " + server.actualPort() + " is not bound");
    }
}
