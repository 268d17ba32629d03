package io.jcadvisor.edge;

import io.jcadvisor.config.CadvisorConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.inject.Inject;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The direct buffers that streamed answers ({@link ChunkedResponseOutput}) are written in, each
 * {@code cadvisor.limits.answer-chunk-size} bytes (128 KiB), kept from one answer to the next. Each
 * chunk is a hand-over from the worker to the event loop and a wake-up of each: at 128 KiB a young
 * agent's {@code /metrics} at 50 containers took 16-25 % less CPU than at 64 KiB, and 256 KiB did no
 * better (bench/README.md, "A route of its own for /metrics").
 *
 * <p>Why not Netty's pooled allocator: its chunks are 64 KiB here (Quarkus sets
 * {@code io.netty.allocator.maxOrder=3}), so every 64 KiB of answer took a whole chunk, which the pool
 * gave back to the C library once empty, and {@code bin/run}'s {@code MALLOC_MMAP_THRESHOLD_=65536}
 * makes each one an {@code mmap} of its own: a 1 MB {@code /metrics} answer mapped, faulted in and
 * unmapped 16 of them (bench/README.md, "A route of its own for /metrics"). Kept buffers are
 * faulted in once.
 *
 * <p>At most {@link #KEPT_PER_HEAVY_REQUEST} × {@code cadvisor.limits.heavy-requests} free buffers are
 * kept (768 KiB at the default of 2): an answer holds the one it fills and at most
 * {@link ChunkedResponseOutput#IN_FLIGHT} its connection has not yet sent. A buffer given back beyond
 * that bound (more answers at once through a raised limit's history) is freed.
 */
// at start, so a bad chunk size stops start-up instead of failing the first scrape
@Startup
@ApplicationScoped
public class DirectChunkPool {

    /** The smallest and largest {@code cadvisor.limits.answer-chunk-size}, in bytes. */
    static final int MIN_CHUNK = 4 * 1024;
    static final int MAX_CHUNK = 16 * 1024 * 1024;

    /**
     * Free buffers kept for each concurrent heavy answer ({@code cadvisor.limits.heavy-requests}): as
     * many as one answer holds at most, so answers at the limit allocate nothing.
     */
    static final int KEPT_PER_HEAVY_REQUEST = ChunkedResponseOutput.IN_FLIGHT + 1;

    private final int chunk;
    private final ArrayBlockingQueue<ByteBuf> free;
    private final AtomicInteger made = new AtomicInteger();

    @Inject
    public DirectChunkPool(CadvisorConfig config) {
        this(chunkSize(config.limits().answerChunkSize().asLongValue()),
                KEPT_PER_HEAVY_REQUEST * Math.max(1, config.limits().heavyRequests()));
    }

    DirectChunkPool(int chunk, int kept) {
        this.chunk = chunk;
        this.free = new ArrayBlockingQueue<>(kept);
    }

    /** {@code cadvisor.limits.answer-chunk-size}, checked: a clear error at start, not a failed answer. */
    static int chunkSize(long bytes) {
        if (bytes < MIN_CHUNK || bytes > MAX_CHUNK) {
            throw new ConfigurationException("cadvisor.limits.answer-chunk-size=" + bytes + ": must be from "
                    + MIN_CHUNK + " to " + MAX_CHUNK + " bytes");
        }
        return (int) bytes;
    }

    /** The size of each buffer, in bytes ({@code cadvisor.limits.answer-chunk-size}). */
    public int chunkSize() {
        return chunk;
    }

    /** An empty buffer of {@link #chunkSize()} bytes: a kept one, or a new one when none is free. */
    public ByteBuf acquire() {
        ByteBuf buffer = free.poll();
        if (buffer != null) {
            return buffer;
        }
        made.incrementAndGet();
        return UnpooledByteBufAllocator.DEFAULT.directBuffer(chunk, chunk);
    }

    /** Gives a buffer back once nothing reads it any more: kept when there is room, freed otherwise. */
    public void release(ByteBuf buffer) {
        buffer.clear();
        if (!free.offer(buffer)) {
            buffer.release();
        }
    }

    /** Buffers allocated since start (kept or freed since). */
    int made() {
        return made.get();
    }

    /** Free buffers kept now. */
    int kept() {
        return free.size();
    }
}
