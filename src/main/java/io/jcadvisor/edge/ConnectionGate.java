package io.jcadvisor.edge;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.epoll.EpollSocketChannel;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * A handler on a listening socket's pipeline, where Netty hands over each accepted connection before
 * Vert.x sets it up: it counts the connection in the {@link ConnectionBudget} and gives it its
 * {@link RequestHeadDeadline}, or closes it at once when it is over the bound and the over-limit
 * allowance.
 *
 * <p>A connection its client has already reset (a burst of connect-and-reset clients outruns the
 * acceptor) is closed here, uncounted: nothing can be answered on it, and counted it would hold its place
 * until an event loop had worked through its close event, so that the next clients, probes among them,
 * were closed at accept over the bound (bench/README.md, "Connections already reset at accept").
 *
 * <p>The count cannot drift from the open sockets: a connection is counted here, at accept, and
 * released by its channel's close future, which Netty completes exactly once whatever ends the
 * connection (the client's FIN or RST, a timeout, an error, the server's own close, a failed
 * registration). Quarkus' own {@code quarkus.http.limits.max-connections} counts through Vert.x'
 * connection close handler instead, a single slot that any code holding the connection may replace,
 * and it closes an over-limit connection without an answer.
 */
@ChannelHandler.Sharable
public final class ConnectionGate extends ChannelInboundHandlerAdapter {

    /** The gate's name in the listening socket's pipeline. */
    public static final String NAME = "jcadvisor-connection-gate";

    /** Linux' {@code TCP_CLOSE}: the state of a socket whose peer reset it ({@code include/net/tcp_states.h}). */
    static final int TCP_CLOSE = 7;

    private final ConnectionBudget budget;
    private final Duration headerTimeout;
    private final Runnable onHeadTimeout;
    private final Consumer<ConnectionBudget.Admission> onRefusal;

    /**
     * @param onHeadTimeout called when a connection's head deadline closes it
     * @param onRefusal called for each connection admitted {@code REFUSE} or {@code DROP}
     */
    public ConnectionGate(ConnectionBudget budget, Duration headerTimeout, Runnable onHeadTimeout,
            Consumer<ConnectionBudget.Admission> onRefusal) {
        this.budget = budget;
        this.headerTimeout = headerTimeout;
        this.onHeadTimeout = onHeadTimeout;
        this.onRefusal = onRefusal;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof Channel child)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (resetByClient(child)) {
            // nothing can be answered on it: closed before it costs an event loop or a place in the count
            budget.resetBeforeAccept();
            child.unsafe().closeForcibly();
            return;
        }
        ConnectionBudget.Admission admission = budget.admit();
        if (admission != ConnectionBudget.Admission.SERVE) {
            onRefusal.accept(admission);
        }
        if (admission == ConnectionBudget.Admission.DROP) {
            // not registered with an event loop yet: close the socket, no events to fire
            child.unsafe().closeForcibly();
            return;
        }
        child.closeFuture().addListener((ChannelFutureListener) closed -> budget.release());
        child.pipeline().addFirst(new RequestHeadDeadline(headerTimeout, admission, onHeadTimeout));
        ctx.fireChannelRead(child);
    }

    /**
     * Whether the client reset the connection before it was accepted (its socket is {@link #TCP_CLOSE}).
     * One {@code getsockopt(TCP_INFO)}; a connection the client only half-closed ({@code CLOSE_WAIT}) may
     * still carry a whole request and is served. Without the native transport, or when the kernel does not
     * answer, nothing is known: false, and the connection goes on as any other.
     */
    static boolean resetByClient(Channel child) {
        if (!(child instanceof EpollSocketChannel epoll)) {
            return false;
        }
        try {
            return epoll.tcpInfo().state() == TCP_CLOSE;
        } catch (RuntimeException e) {
            // an exception here would leave the accepted socket neither registered nor closed
            return false;
        }
    }
}
