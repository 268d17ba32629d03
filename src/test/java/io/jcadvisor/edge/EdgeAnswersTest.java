package io.jcadvisor.edge;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The plain-text bodies of the edge's refusals and failure pages, and which paths count as heavy. */
class EdgeAnswersTest {

    @ParameterizedTest
    @ValueSource(ints = {400, 404, 405, 408, 413, 414, 431, 500, 501, 503, 505})
    void failurePagesNameTheProblemAndNoLibrary(int status) {
        String body = PlainErrorPages.message(status, 65536);
        assertThat(body).isNotBlank().doesNotContain("{").doesNotContainIgnoringCase("error id")
                .doesNotContainIgnoringCase("vert.x").doesNotContainIgnoringCase("exception")
                .doesNotContainIgnoringCase("netty").doesNotContainIgnoringCase("jackson");
    }

    @Test
    void tooLargeNamesTheLimitAndItsKey() {
        assertThat(PlainErrorPages.message(413, 65536))
                .isEqualTo("request body larger than 65536 bytes (quarkus.http.limits.max-body-size)");
    }

    @ParameterizedTest
    @CsvSource({
            "GET, /metrics, true",
            "HEAD, /metrics, false",
            "POST, /metrics, false",
            "GET, /api/v1.3/subcontainers/, true",
            "POST, /api/v1.0/containers/docker/abc, true",
            "DELETE, /api/v1.0/containers/, false",
            "GET, /api/v2.0/stats/, true",
            "GET, /api/v2.1/summary, true",
            "GET, /api/v1.3/machine, false",
            "GET, /api/v1.3/events, false",
            "GET, /api/v2.0/version, false",
            "GET, /healthz, false",
            "GET, /containers/, false",
            "GET, /metrics/x, false"})
    void heavyAnswersAreTheOnesThatGrowWithContainers(String method, String path, boolean heavy) {
        assertThat(HeavyRequestLimit.isHeavy(io.vertx.core.http.HttpMethod.valueOf(method), path)).isEqualTo(heavy);
    }

    @Test
    void aHeaderValueInAMessageIsPrintableAndShort() {
        assertThat(RequestBodyGuard.printable("xchunked")).isEqualTo("xchunked");
        assertThat(RequestBodyGuard.printable("a\"b\u0001c")).isEqualTo("a?b?c");
        assertThat(RequestBodyGuard.printable("x".repeat(100))).hasSize(40);
    }
}
