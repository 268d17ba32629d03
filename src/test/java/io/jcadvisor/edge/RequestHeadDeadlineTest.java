package io.jcadvisor.edge;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpRequestDecoder;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The head deadline on a real Netty pipeline (an embedded channel, whose clock the test moves). */
class RequestHeadDeadlineTest {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final AtomicInteger timeouts = new AtomicInteger();

    private RequestHeadDeadline deadline() {
        return new RequestHeadDeadline(TIMEOUT, ConnectionBudget.Admission.SERVE, timeouts::incrementAndGet);
    }

    private static void after(EmbeddedChannel ch, long seconds) {
        ch.advanceTimeBy(seconds, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
    }

    private static void send(EmbeddedChannel ch, String text) {
        ch.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
    }

    private static String written(EmbeddedChannel ch) {
        StringBuilder out = new StringBuilder();
        for (Object m; (m = ch.readOutbound()) != null; ) {
            ByteBuf b = (ByteBuf) m;
            out.append(b.toString(StandardCharsets.UTF_8));
            b.release();
        }
        return out.toString();
    }

    private EmbeddedChannel channel(ChannelHandler... after) {
        ChannelHandler[] handlers = new ChannelHandler[after.length + 1];
        handlers[0] = deadline();
        System.arraycopy(after, 0, handlers, 1, after.length);
        return new EmbeddedChannel(handlers);
    }

    @Test
    void aSilentConnectionIsAnswered408AtTheDeadline() {
        EmbeddedChannel ch = channel(new HttpRequestDecoder());
        after(ch, 9);
        assertThat(ch.isOpen()).isTrue();
        after(ch, 1);
        assertThat(written(ch)).startsWith("HTTP/1.1 408 Request Timeout\r\n").contains("Connection: close\r\n")
                .endsWith("\r\n\r\nrequest head not received within 10000 ms (cadvisor.limits.header-timeout)\n");
        assertThat(ch.isOpen()).isFalse();
        assertThat(timeouts).hasValue(1);
    }

    @Test
    void aTrickleOfOneByteASecondIsCutAtTheDeadline() {
        EmbeddedChannel ch = channel(new HttpRequestDecoder());
        String head = "GET /api/v1.3/machine HTTP/1.1\r\nHost: x\r\nX-Slow: ";
        for (int i = 0; i < 9; i++) {
            send(ch, head.substring(i, i + 1));
            after(ch, 1);
            assertThat(ch.isOpen()).as("open after %d s", i + 1).isTrue();
        }
        send(ch, head.substring(9, 10));
        after(ch, 1);
        assertThat(written(ch)).startsWith("HTTP/1.1 408 ");
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void aReceivedHeadStopsTheDeadlineAndTheNextRequestsFirstByteStartsIt() {
        EmbeddedChannel ch = channel(new HttpRequestDecoder());
        RequestHeadDeadline d = RequestHeadDeadline.of(ch.pipeline());
        send(ch, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
        d.headReceived(false);
        after(ch, 30);
        assertThat(ch.isOpen()).as("a request being answered has no head deadline").isTrue();
        d.answerEnded();
        after(ch, 30);
        assertThat(ch.isOpen()).as("a silent keep-alive connection is the idle timeout's").isTrue();
        assertThat(d.armed()).isFalse();
        send(ch, "G");
        assertThat(d.armed()).isTrue();
        after(ch, 10);
        assertThat(ch.isOpen()).isFalse();
        assertThat(written(ch)).startsWith("HTTP/1.1 408 ");
    }

    @Test
    void bodyBytesOfARequestBeingAnsweredDoNotStartTheDeadline() {
        EmbeddedChannel ch = channel(new HttpRequestDecoder());
        RequestHeadDeadline d = RequestHeadDeadline.of(ch.pipeline());
        send(ch, "POST /api/v1.3/containers/ HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n{");
        d.headReceived(false);
        send(ch, "\"a\"");
        assertThat(d.armed()).isFalse();
        after(ch, 30);
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void anHttp2ConnectionHasTheDeadlineForItsFirstHeadOnly() {
        EmbeddedChannel ch = channel();
        RequestHeadDeadline d = RequestHeadDeadline.of(ch.pipeline());
        d.headReceived(true);
        d.answerEnded();
        send(ch, "frames");
        after(ch, 30);
        assertThat(d.armed()).isFalse();
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void withoutAnHttp1PipelineTheConnectionIsOnlyClosed() {
        EmbeddedChannel ch = channel();
        after(ch, 10);
        assertThat(ch.isOpen()).isFalse();
        assertThat(written(ch)).isEmpty();
        assertThat(timeouts).hasValue(1);
    }
}
