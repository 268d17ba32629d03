package io.jcadvisor.web.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** htdigest parsing, against a file the real {@code htdigest} (apache2-utils) writes. */
class HtdigestFileTest {

    /** Runs {@code htdigest [-c] file realm user}, typing the password twice on stdin. */
    static void htdigest(Path file, String realm, String user, String password) throws Exception {
        ProcessBuilder pb = Files.exists(file)
                ? new ProcessBuilder("htdigest", file.toString(), realm, user)
                : new ProcessBuilder("htdigest", "-c", file.toString(), realm, user);
        Process p = pb.redirectErrorStream(true).start();
        p.getOutputStream().write((password + "\n" + password + "\n").getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
    }

    @Test
    void theRealToolsLinesGiveTheHa1OfUserRealmPassword(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("htdigest");
        htdigest(file, "localhost", "alice", "pw");
        htdigest(file, "other", "alice", "pw2");
        HtdigestFile parsed = HtdigestFile.parse(Files.readString(file));
        assertThat(parsed.warnings()).isEmpty();
        assertThat(parsed.ha1("alice", "localhost")).contains(DigestAuthenticator.md5Hex("alice:localhost:pw"));
        assertThat(parsed.ha1("alice", "other")).contains(DigestAuthenticator.md5Hex("alice:other:pw2"));
        assertThat(parsed.ha1("alice", "nowhere")).isEmpty();
        assertThat(parsed.users("localhost")).isEqualTo(1);
    }

    @Test
    void badLinesAreReportedAndSkipped() {
        String ha1 = DigestAuthenticator.md5Hex("u:r:pw");
        HtdigestFile parsed = HtdigestFile.parse(String.join("\r\n",
                "# comment", "", "u:r:" + ha1.toUpperCase(), "v:r", "w:r:nothex", "x:r:" + ha1 + ":extra", ":r:" + ha1));
        assertThat(parsed.ha1("u", "r")).contains(ha1);
        assertThat(parsed.users("r")).isEqualTo(1);
        assertThat(parsed.warnings()).containsExactly(
                "line 4: not user:realm:HA1, skipped",
                "line 5: user \"w\": HA1 is not 32 hex digits; this user cannot log in",
                "line 6: not user:realm:HA1, skipped",
                "line 7: not user:realm:HA1, skipped");
    }

    @Test
    void emptyFileHasNoUsers() {
        HtdigestFile parsed = HtdigestFile.parse("");
        assertThat(parsed.users("localhost")).isZero();
        assertThat(parsed.warnings()).isEmpty();
    }
}
