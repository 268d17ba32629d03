package io.jcadvisor.edge;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.ScheduledFuture;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The first handler of one main-port connection's Netty pipeline, ahead of TLS and HTTP decoding: the
 * deadline for a complete request head ({@code cadvisor.limits.header-timeout}), which Vert.x does not
 * have. Its idle timeout is reset by every byte, so a client trickling a header byte a second would
 * hold the connection for as long as it likes.
 *
 * <p>The deadline runs from the accept for the first request, and from the first byte after the
 * previous answer for each next one; it stops when the router sees the head ({@link #headReceived})
 * and, for a keep-alive connection, stays off until the answer has ended ({@link #answerEnded}) and a
 * byte of the next request arrives, so a silent keep-alive connection is the idle timeout's business.
 * A connection past its deadline is answered {@code 408} (when its HTTP/1.x pipeline is in place;
 * during a TLS handshake it is only closed) and closed. An HTTP/2 connection has the deadline for its
 * first request only: its streams are multiplexed, with Vert.x' own limits.
 *
 * <p>Everything runs on the connection's event loop; calls from elsewhere are moved there.
 */
public final class RequestHeadDeadline extends ChannelDuplexHandler {

    private final Duration timeout;
    private final ConnectionBudget.Admission admission;
    private final Runnable onTimeout;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> deadline;
    private int answersPending;
    private boolean http2;

    /**
     * @param timeout time for a complete request head
     * @param admission what the connection was admitted as ({@link ConnectionBudget.Admission#REFUSE}: its
     *        requests are refused by {@code ConnectionGuard})
     * @param onTimeout called once when the deadline closes the connection (counting, logging)
     */
    public RequestHeadDeadline(Duration timeout, ConnectionBudget.Admission admission, Runnable onTimeout) {
        this.timeout = timeout;
        this.admission = admission;
        this.onTimeout = onTimeout;
    }

    /** The deadline handler of a connection's pipeline, or {@code null} for a connection accepted without one. */
    public static RequestHeadDeadline of(ChannelPipeline pipeline) {
        return pipeline.get(RequestHeadDeadline.class);
    }

    public ConnectionBudget.Admission admission() {
        return admission;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // the first request's head is due from the accept on
        arm();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (answersPending == 0 && !http2) {
            arm();
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        disarm();
        ctx.fireChannelInactive();
    }

    /** The router has a request head of this connection; {@code http2}: it came on an HTTP/2 stream. */
    public void headReceived(boolean http2) {
        onLoop(() -> {
            if (http2) {
                this.http2 = true;
            }
            answersPending++;
            disarm();
        });
    }

    /** The answer to one request of this connection has ended (or the connection closed). */
    public void answerEnded() {
        onLoop(() -> answersPending = Math.max(0, answersPending - 1));
    }

    private void onLoop(Runnable task) {
        if (ctx == null) {
            return;
        }
        if (ctx.executor().inEventLoop()) {
            task.run();
        } else {
            ctx.executor().execute(task);
        }
    }

    private void arm() {
        if (deadline == null && ctx != null && ctx.channel().isActive()) {
            deadline = ctx.executor().schedule(this::expired, Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        }
    }

    private void disarm() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    private void expired() {
        deadline = null;
        if (answersPending > 0 || http2 || !ctx.channel().isActive()) {
            return;
        }
        onTimeout.run();
        ChannelHandlerContext below = ctx.pipeline().get(HttpRequestDecoder.class) == null ? null : writerBelowHttp();
        if (below == null) {
            ctx.close();
            return;
        }
        below.writeAndFlush(Unpooled.wrappedBuffer(answer(timeout))).addListener(ChannelFutureListener.CLOSE);
    }

    /**
     * Where raw bytes are written so they reach the client as they are: this handler's own place for
     * plain HTTP, the handler right after TLS (so they pass through it) for HTTPS; {@code null} if TLS
     * has no handler after it yet.
     */
    private ChannelHandlerContext writerBelowHttp() {
        if (ctx.pipeline().get(SslHandler.class) == null) {
            return ctx;
        }
        Iterator<Map.Entry<String, ChannelHandler>> handlers = ctx.pipeline().iterator();
        while (handlers.hasNext()) {
            if (handlers.next().getValue() instanceof SslHandler && handlers.hasNext()) {
                return ctx.pipeline().context(handlers.next().getKey());
            }
        }
        return null;
    }

    /** The 408 answer, in the agent's plain-text error shape, closing the connection. */
    static byte[] answer(Duration timeout) {
        String body = "request head not received within " + timeout.toMillis()
                + " ms (cadvisor.limits.header-timeout)\n";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 408 Request Timeout\r\n"
                + "Content-Type: " + PlainText.TYPE + "\r\n"
                + "X-Content-Type-Options: nosniff\r\n"
                + "Connection: close\r\n"
                + "Content-Length: " + bytes.length + "\r\n\r\n";
        return (head + body).getBytes(StandardCharsets.UTF_8);
    }

    /** For tests: whether the deadline is running. */
    boolean armed() {
        return deadline != null;
    }
}
