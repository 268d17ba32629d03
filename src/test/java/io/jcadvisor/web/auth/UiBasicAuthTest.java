package io.jcadvisor.web.auth;

import io.jcadvisor.api.ApiTestProfile;
import io.jcadvisor.testing.Await;
import io.jcadvisor.testing.Commands;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code -http_auth_file}: an htpasswd file written by the real {@code htpasswd}, the real {@code curl}
 * as client. Only the UI and {@code /static/} ask for credentials.
 */
@QuarkusTest
@TestProfile(UiBasicAuthTest.Basic.class)
class UiBasicAuthTest {

    /** The probes are on the management interface, never on the main port. */
    // the management root is /q already
    @TestHTTPResource(value = "/health/live", management = true)
    URL live;

    public static class Basic extends ApiTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            try {
                Path dir = Files.createDirectories(Path.of("target/ui-auth"));
                Path file = Files.createTempFile(dir, "htpasswd", "");
                Files.writeString(file, String.join("\n",
                        Commands.run(List.of("htpasswd", "-nbB", "alice", "wonderland")).strip(),
                        Commands.run(List.of("htpasswd", "-nbm", "bob", "builder")).strip(),
                        Commands.run(List.of("htpasswd", "-nbs", "carol", "singer")).strip(),
                        "dave:plain-text-never-matches", ""));
                config.put("cadvisor.http.auth-file", file.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            config.put("cadvisor.http.auth-realm", "jcadvisor \"test\"");
            // Upstream ignores the digest file when an htpasswd file is given: not even read.
            config.put("cadvisor.http.digest-file", "target/ui-auth/no-such-htdigest");
            return config;
        }
    }

    @TestHTTPResource("/")
    URL root;

    @ConfigProperty(name = "cadvisor.http.auth-file")
    String authFile;

    private String url(String path) {
        return root.toString().replaceAll("/$", "") + path;
    }

    @Test
    void withoutCredentialsTheUiAnswers401WithABasicChallenge() throws Exception {
        Curl r = Curl.run(url("/containers/"));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.challenge()).isEqualTo("Basic realm=\"jcadvisor \\\"test\\\"\"");
        assertThat(r.output()).contains("text/plain").endsWith("401 Unauthorized\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice:wonderland", "bob:builder", "carol:singer"})
    void eachStoredHashLetsItsUserIn(String credentials) throws Exception {
        assertThat(Curl.run(url("/containers/"), "--basic", "-u", credentials).status()).isEqualTo(200);
        assertThat(Curl.run(url("/static/charts.js"), "--basic", "-u", credentials).status()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice:Wonderland", "bob:", "carol:builder", "dave:plain-text-never-matches",
        "nobody:wonderland"})
    void wrongCredentialsAre401(String credentials) throws Exception {
        Curl r = Curl.run(url("/containers/"), "--basic", "-u", credentials);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.challenge()).startsWith("Basic realm=");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/containers/", "/containers/system.slice", "/docker/", "/docker/abc", "/podman/",
        "/static/charts.js", "/static/nope.css"})
    void everyUiPathIsProtected(String path) throws Exception {
        assertThat(Curl.run(url(path)).status()).isEqualTo(401);
        assertThat(Curl.run(url(path), "-X", "POST", "-d", "{}").status()).isEqualTo(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/../containers/", "//containers/", "/static/../containers/", "/%63ontainers/",
        "/./static/charts.js", "/healthz/../docker/", "//static/charts.js", "/containers//", "/%2e/docker/",
        "/x/%2E%2E/podman/"})
    void noSpellingOfAUiPathSlipsPast(String path) throws Exception {
        // A non-canonical spelling gets upstream's 301 to the clean path, never the page itself.
        Curl first = Curl.run(url(path));
        assertThat(first.status()).as(path).isIn(301, 401);
        assertThat(first.output()).doesNotContain("<base href", "<html");
        if (first.status() == 301) {
            assertThat(UiAuthFilter.isProtected(first.header("Location"))).as(first.header("Location")).isTrue();
        }
        assertThat(Curl.run(url(path), "-L").status()).as("followed").isEqualTo(401);
        assertThat(Curl.run(url(path), "-L", "-X", "POST", "-d", "{}").status()).as("POST followed").isEqualTo(401);
    }

    @Test
    void apiMetricsHealthAndValidateStayOpen() throws Exception {
        assertThat(Curl.run(url("/api/v2.1/machine")).status()).isEqualTo(200);
        assertThat(Curl.run(url("/api/v1.3/containers/")).status()).isEqualTo(200);
        assertThat(Curl.run(url("/metrics")).status()).isEqualTo(200);
        assertThat(Curl.run(url("/healthz")).status()).isEqualTo(200);
        assertThat(Curl.run(url("/validate/")).status()).isEqualTo(200);
        assertThat(Curl.run(live.toString()).status()).isEqualTo(200);
        assertThat(Curl.run(url("/")).status()).isEqualTo(307);
        assertThat(Curl.run(url("/containers")).status()).isEqualTo(301);
    }

    @Test
    void aUserAddedToTheFileGetsInWithoutARestart() throws Exception {
        assertThat(Curl.run(url("/containers/"), "--basic", "-u", "erin:added").status()).isEqualTo(401);
        Commands.run(List.of("htpasswd", "-bB", authFile, "erin", "added"));
        Await.poll(Duration.ofSeconds(5), Duration.ofMillis(200), () -> {
            try {
                return Curl.run(url("/containers/"), "--basic", "-u", "erin:added").status();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, status -> status == 200);
        assertThat(Curl.run(url("/containers/"), "--basic", "-u", "alice:wonderland").status()).isEqualTo(200);
    }
}
