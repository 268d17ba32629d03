package io.jcadvisor.web.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which paths are the UI, and how an unreadable file stops start-up. */
class UiAuthFilterTest {

    @ParameterizedTest
    @CsvSource({
        "/containers/, true", "/containers/docker/abc, true", "/docker/, true", "/docker/x, true",
        "/podman/, true", "/static/charts.js, true",
        "/containers, false", "/docker, false", "/, false", "/api/v1.3/containers/, false", "/metrics, false",
        "/healthz, false", "/validate/, false", "/q/health/live, false", "/staticx, false", "/foo, false"})
    void onlyTheUiAndStaticAreProtected(String path, boolean protectedPath) {
        assertThat(UiAuthFilter.isProtected(path)).isEqualTo(protectedPath);
    }

    @Test
    void aMissingFileStopsStartUpNamingKeyFileAndReason(@TempDir Path dir) {
        Path missing = dir.resolve("htpasswd");
        assertThatThrownBy(() -> UiAuthFilter.read("cadvisor.http.auth-file", missing.toString()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("cadvisor.http.auth-file: cannot read " + missing + ": no such file");
    }

    @Test
    void aDirectoryIsUnreadableToo(@TempDir Path dir) {
        assertThatThrownBy(() -> UiAuthFilter.read("cadvisor.http.digest-file", dir.toString()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cadvisor.http.digest-file: cannot read " + dir + ": ");
    }

    @Test
    void aReadableFileIsReadWhole(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("htdigest"), "u:r:0123\n");
        assertThat(UiAuthFilter.read("cadvisor.http.digest-file", file.toString())).isEqualTo("u:r:0123\n");
    }
}
