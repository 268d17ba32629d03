package io.jcadvisor.manager;

import io.jcadvisor.host.HostFs;
import io.jcadvisor.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The watcher alone: what it reports, and how it degrades at the watch limit. */
class CgroupWatcherTest {

    @TempDir
    Path host;

    private final Set<String> live = ConcurrentHashMap.newKeySet();
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
        watcher = new CgroupWatcher(new HostFs(host), List.of("/cg"), listener, 2);
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
}
