package io.jcadvisor.container;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LazyClientTest {

    /** A client we own, counting closes. */
    static final class Closing implements AutoCloseable {
        int closed;

        @Override
        public void close() {
            closed++;
        }
    }

    /** A client whose every making is counted in {@code made}. */
    private static LazyClient<Closing> counting(String runtime, boolean enabled, AtomicInteger made) {
        return LazyClient.of(runtime, enabled, () -> {
            made.incrementAndGet();
            return new Closing();
        });
    }

    @Test
    void madeOnFirstUseAndOnce() {
        AtomicInteger made = new AtomicInteger();
        LazyClient<Closing> client = counting("docker", true, made);
        assertThat(made).hasValue(0);
        Closing first = client.get();
        assertThat(client.get()).isSameAs(first);
        assertThat(made).hasValue(1);
        client.close();
        assertThat(first.closed).isEqualTo(1);
    }

    @Test
    void disabledIsNeverMadeAndSaysWhy() {
        AtomicInteger made = new AtomicInteger();
        LazyClient<Closing> client = counting("containerd", false, made);
        assertThat(client.enabled()).isFalse();
        assertThatThrownBy(client::get).isInstanceOf(LazyClient.DisabledException.class)
                .hasMessage("containerd disabled by configuration");
        client.close();
        assertThat(made).hasValue(0);
    }

    @Test
    void notMadeAfterClose() {
        AtomicInteger made = new AtomicInteger();
        LazyClient<Closing> client = counting("podman", true, made);
        client.close();
        assertThatThrownBy(client::get).isInstanceOf(IllegalStateException.class).hasMessage("podman client closed");
        assertThat(made).hasValue(0);
    }
}
