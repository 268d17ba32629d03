package io.jcadvisor.manager;

import io.jcadvisor.host.HostFs;
import io.quarkus.logging.Log;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Discovery between global walks ({@code data-sources.md} §7.1 step 3): a recursive watch on every
 * hierarchy root and its sub-directories through the JDK {@link WatchService} (inotify on Linux, so
 * {@code ENTRY_CREATE}/{@code ENTRY_DELETE} cover create, delete and both moves), skipping directories
 * whose name ends in {@code .mount}.
 *
 * <p>A name is reported added when its first watch (over all hierarchies) appears and removed when
 * its last one goes. Watches are bounded by the kernel's {@code fs.inotify.max_user_watches}: once a
 * registration fails for that limit it is logged once and the directories left unwatched are found
 * by the global walk instead.
 */
final class CgroupWatcher implements AutoCloseable {

    /** What the watcher reports; called on the watcher's thread, never under its lock. */
    interface Listener {
        void added(String name);

        void removed(String name);

        /** Events were lost (queue overflow): walk everything now. */
        void rescan();
    }

    private record Watched(String root, String name, String hostPath) {
    }

    private final HostFs hostFs;
    private final List<String> roots;
    private final Listener listener;
    private final int maxWatches;
    private final Object lock = new Object();
    private final Map<WatchKey, Watched> byKey = new HashMap<>();
    /** Sorted, so a removed directory's watched descendants are one contiguous range, not a full scan. */
    private final NavigableMap<String, WatchKey> byHostPath = new TreeMap<>();
    private final Map<String, Integer> refs = new HashMap<>();
    private WatchService service;
    private Thread thread;
    private volatile boolean limitHit;

    CgroupWatcher(HostFs hostFs, List<String> roots, Listener listener) {
        this(hostFs, roots, listener, Integer.MAX_VALUE);
    }

    /** @param maxWatches our own bound below the kernel's (tests use it to reach the limit path) */
    CgroupWatcher(HostFs hostFs, List<String> roots, Listener listener, int maxWatches) {
        this.hostFs = hostFs;
        this.roots = List.copyOf(roots);
        this.listener = listener;
        this.maxWatches = maxWatches;
    }

    /** Watches every root and sub-directory present now (reporting nothing) and starts the event thread. */
    void start() throws IOException {
        service = FileSystems.getDefault().newWatchService();
        List<String> ignored = new ArrayList<>();
        synchronized (lock) {
            for (String root : roots) {
                register(root, "/", ignored);
            }
        }
        thread = new Thread(this::run, "cgroup-watch");
        thread.setDaemon(true);
        thread.start();
    }

    WatchStatus status() {
        int watches;
        synchronized (lock) {
            watches = byKey.size();
        }
        OptionalLong max = hostFs.readString("/proc/sys/fs/inotify/max_user_watches")
                .map(String::trim)
                .flatMap(s -> {
                    try {
                        return Optional.of(Long.parseLong(s));
                    } catch (NumberFormatException e) {
                        return Optional.empty();
                    }
                })
                .map(OptionalLong::of).orElse(OptionalLong.empty());
        return new WatchStatus(watches, limitHit, max);
    }

    /** Names with at least one watch (for tests: nothing of a removed cgroup stays). */
    Set<String> watchedNames() {
        synchronized (lock) {
            return Set.copyOf(refs.keySet());
        }
    }

    @Override
    public void close() {
        if (service != null) {
            try {
                service.close();
            } catch (IOException e) {
                Log.debugf(e, "Closing the cgroup watch service");
            }
        }
        if (thread != null) {
            thread.interrupt();
        }
        synchronized (lock) {
            byKey.clear();
            byHostPath.clear();
            refs.clear();
        }
    }

    private void run() {
        while (true) {
            WatchKey key;
            try {
                key = service.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                // close(): the watch is over
                return;
            }
            List<String> added = new ArrayList<>();
            List<String> removed = new ArrayList<>();
            boolean overflow = false;
            synchronized (lock) {
                Watched watched = byKey.get(key);
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                        overflow = true;
                        continue;
                    }
                    if (watched == null || !(event.context() instanceof Path child)) {
                        continue;
                    }
                    String childName = CgroupWalker.childName(watched.name, child.toString());
                    if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE) {
                        register(watched.root, childName, added);
                    } else if (event.kind() == StandardWatchEventKinds.ENTRY_DELETE) {
                        unregisterTree(CgroupWalker.hostPath(watched.root, childName), removed);
                    }
                }
                if (!key.reset() && watched != null) {
                    // the directory itself went away (inotify IN_IGNORED)
                    unregisterTree(watched.hostPath, removed);
                }
            }
            if (overflow) {
                listener.rescan();
            }
            for (String name : removed) {
                listener.removed(name);
            }
            for (String name : added) {
                listener.added(name);
            }
        }
    }

    /** Watches a directory and, recursively, its sub-directories; collects names seen for the first time. */
    private void register(String root, String name, List<String> added) {
        if (name.endsWith(".mount")) {
            return;
        }
        String hostPath = CgroupWalker.hostPath(root, name);
        Path dir = hostFs.resolve(hostPath);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!byHostPath.containsKey(hostPath)) {
            boolean watching = false;
            if (!limitHit && byKey.size() >= maxWatches) {
                limitReached("more than " + maxWatches + " watches");
            }
            if (!limitHit) {
                try {
                    WatchKey key = dir.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                            StandardWatchEventKinds.ENTRY_DELETE);
                    byKey.put(key, new Watched(root, name, hostPath));
                    byHostPath.put(hostPath, key);
                    watching = true;
                } catch (NoSuchFileException e) {
                    // removed between the event and now: nothing to watch or report
                    return;
                } catch (IOException e) {
                    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                        return;
                    }
                    limitReached(e.getMessage());
                }
            }
            int before = refs.getOrDefault(name, 0);
            if (watching) {
                refs.put(name, before + 1);
            }
            if (before == 0 && !name.equals("/")) {
                added.add(name);
            }
        }
        for (String child : hostFs.listDirectoriesUnlessLeaf(hostPath)) {
            register(root, CgroupWalker.childName(name, child), added);
        }
    }

    /** Logged once: from now on only the global walk finds directories left unwatched. */
    private void limitReached(String why) {
        limitHit = true;
        Log.warnf("Cannot watch more cgroup directories (%s; see /proc/sys/fs/inotify/max_user_watches): "
                + "new cgroups are found by the global walk only", why);
    }

    /** Drops the watch of a directory and of everything watched below it; collects names whose last watch went. */
    private void unregisterTree(String hostPath, List<String> removed) {
        String prefix = hostPath + "/";
        List<String> gone = new ArrayList<>();
        if (byHostPath.containsKey(hostPath)) {
            gone.add(hostPath);
        }
        // Every path starting with "<hostPath>/" sorts between the prefix and the prefix + U+FFFF.
        gone.addAll(byHostPath.subMap(prefix, true, prefix + Character.MAX_VALUE, false).keySet());
        for (String path : gone) {
            WatchKey key = byHostPath.remove(path);
            Watched watched = byKey.remove(key);
            key.cancel();
            if (watched == null) {
                continue;
            }
            int left = refs.getOrDefault(watched.name, 1) - 1;
            if (left <= 0) {
                refs.remove(watched.name);
                removed.add(watched.name);
            } else {
                refs.put(watched.name, left);
            }
        }
    }
}
