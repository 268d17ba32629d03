package io.jcadvisor.host;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Watches host directories for entries created and deleted. {@link HostFs#newDirectoryWatches()} gives
 * the real one (the JDK {@code WatchService}, inotify on Linux, so create, delete and both halves of a
 * rename are seen); a unit test hands its own implementation to the code under test.
 *
 * <p>One thread calls {@link #take()}; {@link #watch} and {@link Watch#cancel()} may be called from
 * any thread. {@link #close()} ends a blocked {@link #take()}.
 */
public interface DirectoryWatches extends AutoCloseable {

    /** One watched directory. */
    interface Watch {
        /** Stops watching it; events already taken stay valid. */
        void cancel();
    }

    /**
     * One entry of a watched directory that came or went.
     *
     * @param name    the entry's name in the directory
     * @param created true when created (or moved in), false when deleted (or moved out)
     */
    record Change(String name, boolean created) {
    }

    /**
     * What happened in one watched directory since it was last taken.
     *
     * @param watch    the directory's watch
     * @param changes  entries created and deleted, in the order the kernel saw them
     * @param overflow events were lost (the kernel's queue overflowed): the caller must look again
     * @param gone     the watch ended: the directory was removed or the watch cancelled
     */
    record Events(Watch watch, List<Change> changes, boolean overflow, boolean gone) {
    }

    /** Thrown by {@link #take()} once the watches are closed. */
    final class ClosedException extends Exception {
        public ClosedException() {
            super("directory watches closed");
        }
    }

    /**
     * Starts watching a directory for entries created and deleted.
     *
     * @return empty when the directory is gone (removed before it could be watched)
     * @throws IOException when the kernel refuses, e.g. past {@code fs.inotify.max_user_watches}
     */
    Optional<Watch> watch(String hostDir) throws IOException;

    /** Blocks until a watched directory has events. */
    Events take() throws InterruptedException, ClosedException;

    /** Ends every watch; a blocked {@link #take()} throws {@link ClosedException}. */
    @Override
    void close();
}
