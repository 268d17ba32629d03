package io.jcadvisor.web.auth;

import io.jcadvisor.testing.Commands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** htpasswd parsing and checking, against lines the real {@code htpasswd} (apache2-utils) writes. */
class HtpasswdFileTest {

    /** {@code htpasswd -nb<flag> user password}: the file line on stdout. */
    static String htpasswd(String flag, String user, String password) throws Exception {
        return Commands.run(List.of("htpasswd", "-nb" + flag, user, password)).strip();
    }

    @ParameterizedTest
    @ValueSource(strings = {"B", "m", "s"})
    void linesOfTheRealToolVerify(String flag) throws Exception {
        HtpasswdFile file = HtpasswdFile.parse(htpasswd(flag, "alice", "s3cret: with colon é") + "\n");
        assertThat(file.warnings()).isEmpty();
        assertThat(file.verify("alice", "s3cret: with colon é")).isTrue();
        assertThat(file.verify("alice", "s3cret: with colon e")).isFalse();
        assertThat(file.verify("alice", "")).isFalse();
        assertThat(file.verify("bob", "s3cret: with colon é")).isFalse();
    }

    @Test
    void bcryptOfEveryVersionPrefixAndCostVerifies() throws Exception {
        String y = Commands.run(List.of("htpasswd", "-nbB", "-C", "4", "u", "pw")).strip().substring(2);
        assertThat(y).startsWith("$2y$04$");
        for (String version : List.of("$2a$", "$2b$", "$2x$", "$2y$")) {
            HtpasswdFile file = HtpasswdFile.parse("u:" + version + y.substring(4));
            assertThat(file.verify("u", "pw")).as(version).isTrue();
            assertThat(file.verify("u", "pW")).as(version).isFalse();
        }
    }

    @Test
    void knownVectorsOfApr1Md5CryptAndSha() {
        // htpasswd -nbm u pw; openssl passwd -1 -salt saltsalt password; htpasswd -nbs u pw
        HtpasswdFile file = HtpasswdFile.parse(String.join("\n",
                "apr:$apr1$ZDMlF7z/$VJTvSVYsSpjvpB1HGG3qG/",
                "md5:$1$saltsalt$qjXMvbEw8oaL.CzflDtaK/",
                "sha:{SHA}GpHWL3ymc5liWkNopqtdSjuqYHM="));
        assertThat(file.warnings()).isEmpty();
        assertThat(file.verify("apr", "pw")).isTrue();
        assertThat(file.verify("md5", "password")).isTrue();
        assertThat(file.verify("sha", "pw")).isTrue();
        assertThat(file.verify("apr", "password")).isFalse();
    }

    @Test
    void unknownFormatsWarnWithUserAndLineAndNeverLogIn() throws Exception {
        String des = htpasswd("d", "des", "pw");
        HtpasswdFile file = HtpasswdFile.parse(String.join("\n",
                "# users",
                "plain:pw",
                des,
                htpasswd("5", "sha256", "pw"),
                htpasswd("m", "ok", "pw"),
                "nocolon",
                ":nouser"));
        assertThat(file.size()).isEqualTo(1);
        assertThat(file.verify("plain", "pw")).isFalse();
        assertThat(file.verify("des", "pw")).isFalse();
        assertThat(file.verify("sha256", "pw")).isFalse();
        assertThat(file.verify("ok", "pw")).isTrue();
        assertThat(file.warnings()).hasSize(5);
        assertThat(file.warnings().get(0)).startsWith("line 2: user \"plain\": unknown password hash format");
        assertThat(file.warnings().get(1)).startsWith("line 3: user \"des\"");
        assertThat(file.warnings().get(2)).startsWith("line 4: user \"sha256\"");
        assertThat(file.warnings().get(3)).isEqualTo("line 6: not user:password-hash, skipped");
        assertThat(file.warnings().get(4)).isEqualTo("line 7: not user:password-hash, skipped");
        assertThat(String.join("\n", file.warnings())).doesNotContain(":pw").doesNotContain(des.substring(4));
    }

    @Test
    void crlfCommentsBlankLinesAndLeadingSpacesAreTolerated() throws Exception {
        String line = htpasswd("s", "carol", "pw");
        HtpasswdFile file = HtpasswdFile.parse("\r\n# comment\r\n   \r\n  " + line + "\r\n\r\n");
        assertThat(file.warnings()).isEmpty();
        assertThat(file.verify("carol", "pw")).isTrue();
    }

    @Test
    void emptyFileHasNoUsers() {
        HtpasswdFile file = HtpasswdFile.parse("");
        assertThat(file.size()).isZero();
        assertThat(file.warnings()).isEmpty();
        assertThat(file.verify("", "")).isFalse();
    }

    @Test
    void aLaterLineForTheSameUserWins() throws Exception {
        HtpasswdFile file = HtpasswdFile.parse(htpasswd("s", "u", "old") + "\n" + htpasswd("m", "u", "new"));
        assertThat(file.verify("u", "new")).isTrue();
        assertThat(file.verify("u", "old")).isFalse();
    }

    @Test
    void aMalformedBcryptHashIsAnUnknownFormatNotACrash() {
        HtpasswdFile file = HtpasswdFile.parse("u:$2y$05$short");
        assertThat(file.size()).isZero();
        assertThat(file.warnings()).singleElement().asString().contains("user \"u\"");
    }
}
