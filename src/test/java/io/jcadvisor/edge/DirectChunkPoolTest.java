package io.jcadvisor.edge;

import io.netty.buffer.ByteBuf;
import io.quarkus.runtime.configuration.ConfigurationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DirectChunkPoolTest {

    @Test
    void buffersComeBackEmptyAndBeyondTheBoundAreFreed() {
        DirectChunkPool pool = new DirectChunkPool(8192, 2);
        ByteBuf a = pool.acquire();
        ByteBuf b = pool.acquire();
        ByteBuf c = pool.acquire();
        assertThat(a.isDirect()).isTrue();
        assertThat(a.capacity()).isEqualTo(8192);
        assertThat(a.maxCapacity()).isEqualTo(8192);
        a.writeBytes(new byte[100]);
        pool.release(a);
        pool.release(b);
        pool.release(c);
        assertThat(pool.made()).isEqualTo(3);
        assertThat(pool.kept()).isEqualTo(2);
        assertThat(c.refCnt()).isZero();
        ByteBuf again = pool.acquire();
        assertThat(again).isSameAs(a);
        assertThat(again.readableBytes()).isZero();
        assertThat(pool.made()).isEqualTo(3);
    }

    @Test
    void aChunkSizeOutOfRangeIsAConfigurationError() {
        assertThat(DirectChunkPool.chunkSize(4096)).isEqualTo(4096);
        assertThat(DirectChunkPool.chunkSize(16L * 1024 * 1024)).isEqualTo(16 * 1024 * 1024);
        assertThatThrownBy(() -> DirectChunkPool.chunkSize(4095)).isInstanceOf(ConfigurationException.class)
                .hasMessage("cadvisor.limits.answer-chunk-size=4095: must be from 4096 to 16777216 bytes");
        assertThatThrownBy(() -> DirectChunkPool.chunkSize(1L << 32)).isInstanceOf(ConfigurationException.class);
    }
}
