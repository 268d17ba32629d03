package io.jcadvisor.manager;

import io.jcadvisor.host.DirectoryWatches;
import io.jcadvisor.host.HostFs;
import io.jcadvisor.testing.Await;
import io.jcadvisor.testing.FakeDirectoryWatches;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The watcher alone: what it reports, and how it degrades at the watch limit. */
class CgroupWatcherTest {

    @TempDir
    Path host;

    private final Set<String> live = ConcurrentHashMap.newKeySet();
    private final AtomicInteger rescans = new AtomicInteger();
    private CgroupWatcher watcher;

    private final CgroupWatcher.Listener listener = new CgroupWatcher.Listener() {
        @Override
        public void added(String name) {
            live.add(name);
        }

        @Override
        public void removed(String name) {
            live.remove(name);
        }

        @Override
        public void rescan() {
            rescans.incrementAndGet();
        }
    };

    @AfterEach
    void close() {
        if (watcher != null) {
            watcher.close();
        }
    }

    @Test
    void atTheLimitItStopsWatchingButStillReportsWhatItSees() throws Exception {
        Path root = Files.createDirectories(host.resolve("cg"));
        Files.createDirectories(root.resolve("a"));
        watcher = new CgroupWatcher(new HostFs(host), new HostFs(host)::newDirectoryWatches, List.of("/cg"), listener, 2);
        watcher.start();
        assertThat(watcher.status().watches()).isEqualTo(2);
        assertThat(watcher.status().limitHit()).isFalse();

        Files.createDirectory(root.resolve("b"));
        Await.until(Duration.ofSeconds(1), () -> live.contains("/b"));
        assertThat(watcher.status().limitHit()).isTrue();
        assertThat(watcher.status().watches()).isEqualTo(2);
        assertThat(watcher.watchedNames()).containsExactlyInAnyOrder("/", "/a");

        // an unwatched directory's children are invisible to the watch: the global walk's job
        Files.createDirectory(root.resolve("b/c"));
        Files.createDirectory(root.resolve("a/d"));
        Await.until(Duration.ofSeconds(1), () -> live.contains("/a/d"));
        assertThat(live).doesNotContain("/b/c");
    }

    @Test
    void reportsTheKernelLimit() throws Exception {
        Files.createDirectories(host.resolve("proc/sys/fs/inotify"));
        Files.writeString(host.resolve("proc/sys/fs/inotify/max_user_watches"), "8192\n");
        Files.createDirectories(host.resolve("cg"));
        watcher = new CgroupWatcher(new HostFs(host), List.of("/cg"), listener);
        watcher.start();
        assertThat(watcher.status().maxUserWatches()).hasValue(8192);
    }

    @Test
    void lostEventsAskForAWalkAndAGoneDirectoryTakesItsSubtree() throws Exception {
        Files.createDirectories(host.resolve("cg/a/a1"));
        FakeDirectoryWatches watches = new FakeDirectoryWatches();
        watcher = new CgroupWatcher(new HostFs(host), () -> watches, List.of("/cg"), listener, Integer.MAX_VALUE);
        watcher.start();
        assertThat(watches.watched()).containsExactlyInAnyOrder("/cg", "/cg/a", "/cg/a/a1");

        Files.createDirectories(host.resolve("cg/b"));
        watches.emit("/cg", List.of(new DirectoryWatches.Change("b", true)), false, false);
        Await.until(Duration.ofSeconds(1), () -> live.contains("/b"));

        watches.emit("/cg", List.of(), true, false);
        Await.until(Duration.ofSeconds(1), () -> rescans.get() == 1);

        live.addAll(List.of("/a", "/a/a1"));
        watches.emit("/cg/a", List.of(), false, true);
        Await.until(Duration.ofSeconds(1), () -> !live.contains("/a"));
        assertThat(live).containsExactly("/b");
        assertThat(watcher.watchedNames()).containsExactlyInAnyOrder("/", "/b");
    }

    @Test
    void theKernelRefusingAWatchLeavesTheRestToTheWalk() throws Exception {
        Files.createDirectories(host.resolve("cg/a"));
        FakeDirectoryWatches watches = new FakeDirectoryWatches();
        watches.refuseAfter(1);
        watcher = new CgroupWatcher(new HostFs(host), () -> watches, List.of("/cg"), listener, Integer.MAX_VALUE);
        watcher.start();
        assertThat(watcher.status().limitHit()).isTrue();
        assertThat(watcher.watchedNames()).containsExactly("/");
    }
}
