package io.jcadvisor.web.auth;

import io.jcadvisor.api.ApiTestProfile;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static io.jcadvisor.web.auth.DigestAuthenticator.md5Hex;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code -http_digest_file} behind {@code -url_base_prefix}: an htdigest file written by the real
 * {@code htdigest}, the real {@code curl --digest} as client; the protected paths are those after
 * the prefix.
 */
@QuarkusTest
@TestProfile(UiDigestAuthPrefixTest.DigestPrefixed.class)
class UiDigestAuthPrefixTest {

    /** The probes are on the management interface, never on the main port. */
    // the management root is /q already
    @TestHTTPResource(value = "/health/live", management = true)
    URL live;

    public static class DigestPrefixed extends ApiTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            try {
                Path dir = Files.createDirectories(Path.of("target/ui-auth"));
                Path file = dir.resolve("htdigest-" + ProcessHandle.current().pid());
                Files.deleteIfExists(file);
                HtdigestFileTest.htdigest(file, "jc-digest", "alice", "wonderland");
                HtdigestFileTest.htdigest(file, "elsewhere", "bob", "builder");
                config.put("cadvisor.http.digest-file", file.toString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            config.put("cadvisor.http.digest-realm", "jc-digest");
            config.put("cadvisor.url-base-prefix", "/cadvisor");
            return config;
        }
    }

    @TestHTTPResource("/")
    URL root;

    private String url(String path) {
        return root.toString().replaceAll("/$", "") + path;
    }

    @Test
    void curlDigestGetsIn() throws Exception {
        Curl r = Curl.run(url("/cadvisor/containers/?x=1"), "--digest", "-u", "alice:wonderland");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.output()).containsPattern("(?i)Authentication-Info: qop=auth, rspauth=\"[0-9a-f]{32}\"");
        assertThat(Curl.run(url("/cadvisor/static/charts.js"), "--digest", "-u", "alice:wonderland").status())
                .isEqualTo(200);
        assertThat(Curl.run(url("/cadvisor/docker/"), "--digest", "-u", "alice:wonderland").status())
                .isNotEqualTo(401);
    }

    @Test
    void withoutCredentialsTheChallengeIsDigestMd5() throws Exception {
        Curl r = Curl.run(url("/cadvisor/containers/"));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.challenge()).matches("Digest realm=\"jc-digest\", nonce=\"[0-9a-f]{32}\", "
                + "opaque=\"[0-9a-f]{32}\", algorithm=MD5, qop=\"auth\"");
        assertThat(r.output()).endsWith("401 Unauthorized\n");
    }

    @Test
    void wrongPasswordOtherRealmsUserAndBasicAre401() throws Exception {
        assertThat(Curl.run(url("/cadvisor/containers/"), "--digest", "-u", "alice:Wonderland").status())
                .isEqualTo(401);
        assertThat(Curl.run(url("/cadvisor/containers/"), "--digest", "-u", "bob:builder").status())
                .isEqualTo(401);
        assertThat(Curl.run(url("/cadvisor/containers/"), "--basic", "-u", "alice:wonderland").status())
                .isEqualTo(401);
    }

    @Test
    void aReplayedRequestIsRefused() throws Exception {
        Map<String, String> challenge = DigestHeader.parse(Curl.run(url("/cadvisor/containers/")).challenge())
                .orElseThrow();
        String uri = "/cadvisor/containers/";
        String ha1 = md5Hex("alice:jc-digest:wonderland");
        String response = md5Hex(ha1 + ":" + challenge.get("nonce") + ":00000001:abcdef:auth:"
                + md5Hex("GET:" + uri));
        String header = "Authorization: Digest username=\"alice\", realm=\"jc-digest\", nonce=\""
                + challenge.get("nonce") + "\", uri=\"" + uri + "\", response=\"" + response + "\", opaque=\""
                + challenge.get("opaque") + "\", algorithm=MD5, qop=auth, nc=00000001, cnonce=\"abcdef\"";
        assertThat(Curl.run(url(uri), "-H", header).status()).isEqualTo(200);
        assertThat(Curl.run(url(uri), "-H", header).status()).isEqualTo(401);
        // the same digest presented for another path: the uri no longer matches the request
        assertThat(Curl.run(url("/cadvisor/containers/system.slice"), "-H",
                header.replace("00000001", "00000002")).status()).isEqualTo(401);
    }

    @Test
    void apiMetricsAndHealthStayOpenUnderThePrefix() throws Exception {
        assertThat(Curl.run(url("/cadvisor/api/v2.1/machine")).status()).isEqualTo(200);
        assertThat(Curl.run(url("/cadvisor/metrics")).status()).isEqualTo(200);
        assertThat(Curl.run(url("/cadvisor/healthz")).status()).isEqualTo(200);
        assertThat(Curl.run(url("/cadvisor/validate/")).status()).isEqualTo(200);
        assertThat(Curl.run(url("/cadvisor/")).status()).isEqualTo(307);
        assertThat(Curl.run(live.toString()).status()).isEqualTo(200);
        // outside the prefix nothing is served, auth or not
        assertThat(Curl.run(url("/containers/")).status()).isEqualTo(404);
    }
}
