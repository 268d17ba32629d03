package io.jcadvisor.web.auth;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Which paths are the UI. */
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
}
