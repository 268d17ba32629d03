package io.jcadvisor.host;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What HostFs offers past plain reads: stat, a bounded tree walk, disk space, directory watches. */
class HostFsAttributesTest {

    @TempDir
    Path root;

    @Test
    void statFollowsALinkAndLstatDoesNot() throws IOException {
        HostFs fs = new HostFs(root);
        Files.writeString(root.resolve("file"), "12345");
        Files.createSymbolicLink(root.resolve("link"), root.resolve("file"));
        Files.createLink(root.resolve("hard"), root.resolve("file"));

        FileAttributes file = fs.stat("/file");
        assertThat(file.kind()).isEqualTo(FileAttributes.Kind.REGULAR);
        assertThat(file.size()).isEqualTo(5);
        assertThat(file.links()).isEqualTo(2);
        assertThat(file.inode()).isEqualTo(fs.stat("/hard").inode());
        assertThat(file.device()).isEqualTo(fs.stat("/").device());
        assertThat(fs.stat("/").kind()).isEqualTo(FileAttributes.Kind.DIRECTORY);
        assertThat(fs.stat("/link")).isEqualTo(file);
        assertThat(fs.lstat("/link").kind()).isEqualTo(FileAttributes.Kind.SYMLINK);
        assertThat(fs.lstat("/link").size()).isEqualTo(root.resolve("file").toString().length());
        assertThat(file.lastModified()).isEqualTo(Files.getLastModifiedTime(root.resolve("file")).toInstant());
        assertThatThrownBy(() -> fs.stat("/missing")).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> fs.stat("/../etc")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDeviceNodeHasItsOwnDeviceNumber() throws IOException {
        FileAttributes devNull = new HostFs(Path.of("/")).stat("/dev/null");
        assertThat(devNull.kind()).isEqualTo(FileAttributes.Kind.OTHER);
        // /dev/null is character device 1:3 on every Linux (glibc encoding: major in bits 8-19)
        assertThat(devNull.rdev()).isEqualTo((1L << 8) | 3);
    }

    @Test
    void walkVisitsEveryEntryAndStopsAtTheDepthBound() throws IOException {
        HostFs fs = new HostFs(root);
        Files.createDirectories(root.resolve("t/a/b/c"));
        Files.writeString(root.resolve("t/top"), "");
        Files.writeString(root.resolve("t/a/b/c/deep"), "");
        List<String> entered = new ArrayList<>();
        List<FileAttributes.Kind> visited = new ArrayList<>();
        TreeVisitor recorder = new TreeVisitor() {
            @Override
            public boolean enterDirectory(FileAttributes directory) {
                entered.add(directory.kind().name());
                return true;
            }

            @Override
            public void visitEntry(FileAttributes entry) {
                visited.add(entry.kind());
            }
        };

        assertThat(fs.walkTree("/t", Integer.MAX_VALUE, recorder)).isTrue();
        assertThat(entered).hasSize(4);
        assertThat(visited).containsExactly(FileAttributes.Kind.REGULAR, FileAttributes.Kind.REGULAR);

        entered.clear();
        visited.clear();
        assertThat(fs.walkTree("/t", 2, recorder)).isTrue();
        assertThat(entered).as("t and t/a; t/a/b is at the bound").hasSize(2);
        assertThat(visited).containsExactlyInAnyOrder(FileAttributes.Kind.REGULAR, FileAttributes.Kind.DIRECTORY);

        assertThat(fs.walkTree("/missing", 5, recorder)).isFalse();
    }

    @Test
    void aSkippedDirectoryIsNotEntered() throws IOException {
        HostFs fs = new HostFs(root);
        Files.createDirectories(root.resolve("t/skip/inner"));
        List<FileAttributes> visited = new ArrayList<>();
        int[] entered = {0};
        fs.walkTree("/t", 10, new TreeVisitor() {
            @Override
            public boolean enterDirectory(FileAttributes directory) {
                return entered[0]++ == 0;
            }

            @Override
            public void visitEntry(FileAttributes entry) {
                visited.add(entry);
            }
        });
        assertThat(entered[0]).as("t, then skip (refused)").isEqualTo(2);
        assertThat(visited).isEmpty();
    }

    @Test
    void diskSpaceOfADirectoryAndNothingForAMissingOne() {
        HostFs fs = new HostFs(root);
        DiskSpace space = fs.diskSpace("/").orElseThrow();
        assertThat(space.total()).isEqualTo(root.toFile().getTotalSpace()).isPositive();
        assertThat(space.free()).isBetween(space.available(), space.total());
        assertThat(fs.diskSpace("/missing")).isEmpty();
    }

    @Test
    void pathOnAgentNamesTheRealPathAndRefusesEscapes() {
        HostFs fs = new HostFs(root);
        assertThat(fs.pathOnAgent("/proc/1/mountinfo")).isEqualTo(root.resolve("proc/1/mountinfo").toString());
        assertThat(fs.root()).isEqualTo(root.toString());
        assertThatThrownBy(() -> fs.pathOnAgent("relative")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void atRootRefusesWhatIsNotADirectory() throws IOException {
        Files.writeString(root.resolve("file"), "");
        assertThat(HostFs.atRoot(root.toString()).root()).isEqualTo(root.toString());
        assertThatThrownBy(() -> HostFs.atRoot(root.resolve("file").toString()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a directory");
    }

    @Test
    void directoryWatchesSeeCreateDeleteAndTheDirectoryGoing() throws Exception {
        HostFs fs = new HostFs(root);
        Files.createDirectories(root.resolve("w"));
        try (DirectoryWatches watches = fs.newDirectoryWatches()) {
            DirectoryWatches.Watch watch = watches.watch("/w").orElseThrow();
            Files.createDirectory(root.resolve("w/a"));
            Files.delete(root.resolve("w/a"));
            List<DirectoryWatches.Change> changes = new ArrayList<>();
            while (changes.size() < 2) {
                DirectoryWatches.Events events = watches.take();
                assertThat(events.watch()).isEqualTo(watch);
                changes.addAll(events.changes());
            }
            assertThat(changes).containsExactly(new DirectoryWatches.Change("a", true),
                    new DirectoryWatches.Change("a", false));

            Files.delete(root.resolve("w"));
            DirectoryWatches.Events last;
            do {
                last = watches.take();
            } while (!last.gone());
            assertThat(last.watch()).isEqualTo(watch);
            assertThat(watches.watch("/missing")).isEmpty();
        }
    }

    @Test
    void closingEndsABlockedTake() throws Exception {
        DirectoryWatches watches = new HostFs(root).newDirectoryWatches();
        // closed before or while take() blocks: either way it ends
        Thread closer = new Thread(watches::close);
        closer.start();
        assertThatThrownBy(watches::take).isInstanceOf(DirectoryWatches.ClosedException.class);
        closer.join();
    }
}
