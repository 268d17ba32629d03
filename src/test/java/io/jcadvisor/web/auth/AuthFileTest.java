package io.jcadvisor.web.auth;

import io.jcadvisor.testing.Commands;
import io.jcadvisor.testing.SettableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading an auth file at start, and again when it changes. */
class AuthFileTest {

    @TempDir
    Path dir;

    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-27T00:00:00Z"));

    private AuthFile<HtpasswdFile> htpasswd(Path file) {
        return new AuthFile<>("cadvisor.http.auth-file", file.toString(), HtpasswdFile::parse,
                HtpasswdFile::warnings, clock);
    }

    private static String line(String user, String password) throws Exception {
        return Commands.run(List.of("htpasswd", "-nbm", user, password)).strip() + "\n";
    }

    @Test
    void aMissingFileStopsStartUpNamingKeyFileAndReason() {
        Path missing = dir.resolve("htpasswd");
        assertThatThrownBy(() -> htpasswd(missing))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("cadvisor.http.auth-file: cannot read " + missing + ": no such file")
                .hasNoCause();
    }

    @Test
    void aDirectoryIsUnreadableToo() {
        assertThatThrownBy(() -> htpasswd(dir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cadvisor.http.auth-file: cannot read " + dir + ": ");
    }

    @Test
    void anEditIsSeenOnceTheIntervalIsOver() throws Exception {
        Path file = Files.writeString(dir.resolve("htpasswd"), line("alice", "old"));
        AuthFile<HtpasswdFile> users = htpasswd(file);
        assertThat(users.get().verify("alice", "old")).isTrue();

        // htpasswd rewrites the file in place: same inode, new size and time
        Commands.run(List.of("htpasswd", "-bm", file.toString(), "alice", "new-and-longer"));
        assertThat(users.get().verify("alice", "old")).as("within the interval").isTrue();

        clock.advance(AuthFile.CHECK_INTERVAL);
        assertThat(users.get().verify("alice", "new-and-longer")).isTrue();
        assertThat(users.get().verify("alice", "old")).isFalse();
    }

    @Test
    void aSecretsSymlinkSwapIsSeen() throws Exception {
        // Kubernetes mounts a secret as file -> ..data/file and swaps ..data to a new directory.
        Path first = Files.createDirectory(dir.resolve("v1"));
        Path second = Files.createDirectory(dir.resolve("v2"));
        Files.writeString(first.resolve("htpasswd"), line("alice", "one"));
        Files.writeString(second.resolve("htpasswd"), line("bob", "two"));
        Path data = Files.createSymbolicLink(dir.resolve("..data"), first.getFileName());
        Path file = Files.createSymbolicLink(dir.resolve("htpasswd"), Path.of("..data/htpasswd"));
        AuthFile<HtpasswdFile> users = htpasswd(file);
        assertThat(users.get().verify("alice", "one")).isTrue();

        Path next = Files.createSymbolicLink(dir.resolve("..data_tmp"), second.getFileName());
        Files.move(next, data, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        clock.advance(Duration.ofSeconds(5));
        assertThat(users.get().verify("bob", "two")).isTrue();
        assertThat(users.get().verify("alice", "one")).isFalse();
    }

    @Test
    void aFileThatVanishesKeepsTheUsersReadBefore() throws Exception {
        Path file = Files.writeString(dir.resolve("htpasswd"), line("alice", "pw"));
        AuthFile<HtpasswdFile> users = htpasswd(file);
        Files.delete(file);
        clock.advance(AuthFile.CHECK_INTERVAL);
        assertThat(users.get().verify("alice", "pw")).isTrue();

        Files.writeString(file, line("carol", "back"));
        clock.advance(AuthFile.CHECK_INTERVAL);
        assertThat(users.get().verify("carol", "back")).isTrue();
        assertThat(users.get().verify("alice", "pw")).isFalse();
    }
}
