package io.jcadvisor.edge;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollMode;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.jcadvisor.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gate on a real listening socket of Netty's native transport, as the agent runs it, whose
 * accepting is held back (auto-read off) so that clients can connect, and reset, before the gate sees
 * their connection: the kernel completes the handshake into the listen backlog either way.
 */
class ConnectionGateTest {

    private EventLoopGroup loops;
    private Channel server;
    private final ConnectionBudget budget = new ConnectionBudget(2, 0);
    // two places and no over-limit allowance: a third counted connection would be closed unread
    private final List<ConnectionBudget.Admission> refusals = new CopyOnWriteArrayList<>();
    /** What each connection the gate let through read first: its request line. */
    private final List<String> served = new CopyOnWriteArrayList<>();

    @BeforeEach
    void listen() throws InterruptedException {
        assertThat(Epoll.isAvailable()).as("Netty's native epoll transport (the agent's): %s",
                Epoll.unavailabilityCause()).isTrue();
        loops = new EpollEventLoopGroup(1);
        ConnectionGate gate = new ConnectionGate(budget, Duration.ofSeconds(30), () -> { }, refusals::add);
        server = new ServerBootstrap().group(loops).channel(EpollServerSocketChannel.class)
                .option(ChannelOption.AUTO_READ, false)
                // level-triggered: connections that came while accepting was off are seen once it is asked for
                .option(EpollChannelOption.EPOLL_MODE, EpollMode.LEVEL_TRIGGERED)
                .handler(gate)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                io.netty.buffer.ByteBuf bytes = (io.netty.buffer.ByteBuf) msg;
                                served.add(bytes.toString(StandardCharsets.US_ASCII).lines().findFirst().orElse(""));
                                bytes.release();
                            }
                        });
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    @AfterEach
    void close() throws InterruptedException {
        server.close().sync();
        loops.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
    }

    @Test
    void aConnectionResetBeforeItIsAcceptedIsClosedUncountedAndTheOthersAreServed() throws Exception {
        List<Socket> open = new ArrayList<>();
        try {
            // reset while waiting in the backlog, after a whole request: nothing can be answered on it
            Socket reset = connect();
            reset.getOutputStream().write("GET /reset HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            reset.setSoLinger(true, 0);
            reset.close();
            // closed by its client after its request (half-close, FIN): the request can still be answered
            Socket halfClosed = connect();
            halfClosed.getOutputStream().write("GET /half HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            halfClosed.shutdownOutput();
            open.add(halfClosed);
            Socket live = connect();
            live.getOutputStream().write("GET /live HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            open.add(live);

            server.config().setAutoRead(true); // accept what waits in the backlog

            Await.until(Duration.ofSeconds(5), () -> served.size() == 2 && budget.resetsBeforeAccept() == 1);
            assertThat(served).containsExactlyInAnyOrder("GET /half HTTP/1.1", "GET /live HTTP/1.1");
            assertThat(budget.resetsBeforeAccept()).isEqualTo(1);
            assertThat(refusals).as("the reset connection took no place: the other two were served").isEmpty();
            // the half-closed one ends at its end of stream once read; the live one stays counted
            Await.until(Duration.ofSeconds(5), () -> budget.open() == 1);
        } finally {
            for (Socket s : open) {
                s.close();
            }
        }
        Await.until(Duration.ofSeconds(5), () -> budget.open() == 0);
    }

    @Test
    void withoutTheNativeTransportNothingIsKnownOfAReset() {
        assertThat(ConnectionGate.resetByClient(new io.netty.channel.embedded.EmbeddedChannel())).isFalse();
    }

    private Socket connect() throws IOException {
        InetSocketAddress address = (InetSocketAddress) server.localAddress();
        return new Socket(address.getAddress(), address.getPort());
    }
}
