package io.jcadvisor.testing;

import io.jcadvisor.host.DirectoryWatches;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * {@link DirectoryWatches} a test drives: it says what the kernel would report ({@link #emit}) and
 * when the kernel refuses another watch ({@link #refuseAfter}), with no inotify involved.
 */
public final class FakeDirectoryWatches implements DirectoryWatches {

    private static final Events CLOSED = new Events(null, List.of(), false, false);

    /** A watch on one directory. */
    public record FakeWatch(String hostDir) implements Watch {
        @Override
        public void cancel() {
        }
    }

    private final BlockingQueue<Events> queue = new LinkedBlockingQueue<>();
    private final Map<String, FakeWatch> watched = new ConcurrentHashMap<>();
    private volatile int limit = Integer.MAX_VALUE;

    /** From now on at most {@code watches} are taken; more fail as inotify does at its limit. */
    public void refuseAfter(int watches) {
        limit = watches;
    }

    /** The directories watched now. */
    public Set<String> watched() {
        return Set.copyOf(watched.keySet());
    }

    /** Queues what the kernel would report for a watched directory. */
    public void emit(String hostDir, List<Change> changes, boolean overflow, boolean gone) {
        FakeWatch watch = watched.getOrDefault(hostDir, new FakeWatch(hostDir));
        if (gone) {
            watched.remove(hostDir);
        }
        queue.add(new Events(watch, changes, overflow, gone));
    }

    @Override
    public Optional<Watch> watch(String hostDir) throws IOException {
        if (watched.size() >= limit) {
            throw new IOException("User limit of inotify watches reached");
        }
        return Optional.of(watched.computeIfAbsent(hostDir, FakeWatch::new));
    }

    @Override
    public Events take() throws InterruptedException, ClosedException {
        Events next = queue.take();
        if (next == CLOSED) {
            queue.add(CLOSED);
            throw new ClosedException();
        }
        return next;
    }

    @Override
    public void close() {
        queue.add(CLOSED);
    }
}
