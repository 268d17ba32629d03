package io.jcadvisor.manager;

import io.jcadvisor.host.DirectoryWatches;
import io.jcadvisor.host.HostFs;
import io.quarkus.logging.Log;

import java.io.IOException;
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
 * Discovery between global walks ({@code docs/data-sources.md} §7.1 step 3): a recursive watch on every
 * hierarchy root and its sub-directories through {@link DirectoryWatches} (inotify, so create, delete
 * and both moves are seen), skipping directories whose name ends in {@code .mount}.
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
    private final WatchesOpener opener;
    private final List<String> roots;
    private final Listener listener;
    private final int maxWatches;
    private final Object lock = new Object();
    private final Map<DirectoryWatches.Watch, Watched> byKey = new HashMap<>();
    /** Sorted, so a removed directory's watched descendants are one contiguous range, not a full scan. */
    private final NavigableMap<String, DirectoryWatches.Watch> byHostPath = new TreeMap<>();
    private final Map<String, Integer> refs = new HashMap<>();
    private DirectoryWatches service;
    private Thread thread;
    private volatile boolean limitHit;

    CgroupWatcher(HostFs hostFs, List<String> roots, Listener listener) {
        this(hostFs, hostFs::newDirectoryWatches, roots, listener, Integer.MAX_VALUE);
    }

    /** Opens the watches when the watcher starts. */
    @FunctionalInterface
    interface WatchesOpener {
        DirectoryWatches open() throws IOException;
    }

    /**
     * @param watches    opens the directory watches (a test's own {@link DirectoryWatches})
     * @param maxWatches our own bound below the kernel's (tests use it to reach the limit path)
     */
    CgroupWatcher(HostFs hostFs, WatchesOpener watches, List<String> roots, Listener listener, int maxWatches) {
        this.hostFs = hostFs;
        this.opener = watches;
        this.roots = List.copyOf(roots);
        this.listener = listener;
        this.maxWatches = maxWatches;
    }

    /** Watches every root and sub-directory present now (reporting nothing) and starts the event thread. */
    void start() throws IOException {
        service = opener.open();
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
            service.close();
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
            DirectoryWatches.Events events;
            try {
                events = service.take();
            } catch (InterruptedException | DirectoryWatches.ClosedException e) {
                // close(): the watch is over
                return;
            }
            List<String> added = new ArrayList<>();
            List<String> removed = new ArrayList<>();
            synchronized (lock) {
                Watched watched = byKey.get(events.watch());
                if (watched != null) {
                    for (DirectoryWatches.Change change : events.changes()) {
                        String childName = CgroupWalker.childName(watched.name, change.name());
                        if (change.created()) {
                            register(watched.root, childName, added);
                        } else {
                            unregisterTree(CgroupWalker.hostPath(watched.root, childName), removed);
                        }
                    }
                    if (events.gone()) {
                        // the directory itself went away (inotify IN_IGNORED)
                        unregisterTree(watched.hostPath, removed);
                    }
                }
            }
            if (events.overflow()) {
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
        if (!hostFs.isDirectoryNotLink(hostPath)) {
            return;
        }
        if (!byHostPath.containsKey(hostPath)) {
            boolean watching = false;
            if (!limitHit && byKey.size() >= maxWatches) {
                limitReached("more than " + maxWatches + " watches");
            }
            if (!limitHit) {
                try {
                    Optional<DirectoryWatches.Watch> key = service.watch(hostPath);
                    if (key.isEmpty()) {
                        // removed between the event and now: nothing to watch or report
                        return;
                    }
                    byKey.put(key.get(), new Watched(root, name, hostPath));
                    byHostPath.put(hostPath, key.get());
                    watching = true;
                } catch (IOException e) {
                    if (!hostFs.isDirectoryNotLink(hostPath)) {
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
            DirectoryWatches.Watch key = byHostPath.remove(path);
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
