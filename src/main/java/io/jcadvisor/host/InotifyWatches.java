package io.jcadvisor.host;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link DirectoryWatches} through the JDK {@link WatchService}: inotify on Linux. */
final class InotifyWatches implements DirectoryWatches {

    private record KeyWatch(WatchKey key) implements Watch {
        @Override
        public void cancel() {
            key.cancel();
        }
    }

    private final HostFs fs;
    private final WatchService service;

    InotifyWatches(HostFs fs) throws IOException {
        this.fs = fs;
        this.service = fs.rootPath().getFileSystem().newWatchService();
    }

    @Override
    public Optional<Watch> watch(String hostDir) throws IOException {
        try {
            return Optional.of(new KeyWatch(fs.resolve(hostDir).register(service, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_DELETE)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public Events take() throws InterruptedException, ClosedException {
        WatchKey key;
        try {
            key = service.take();
        } catch (ClosedWatchServiceException e) {
            throw new ClosedException();
        }
        List<Change> changes = new ArrayList<>();
        boolean overflow = false;
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                overflow = true;
            } else if (event.context() instanceof Path child) {
                if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE) {
                    changes.add(new Change(child.toString(), true));
                } else if (event.kind() == StandardWatchEventKinds.ENTRY_DELETE) {
                    changes.add(new Change(child.toString(), false));
                }
            }
        }
        // reset() re-arms the key; false means inotify dropped the watch (IN_IGNORED: the directory went)
        boolean gone = !key.reset();
        return new Events(new KeyWatch(key), changes, overflow, gone);
    }

    @Override
    public void close() {
        try {
            service.close();
        } catch (IOException e) {
            // closing an inotify descriptor fails only when it is already closed: nothing left to end
        }
    }
}
