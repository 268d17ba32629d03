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
            "/metrics, true",
            "/api/v1.3/subcontainers/, true",
            "/api/v1.0/containers/docker/abc, true",
            "/api/v2.0/stats/, true",
            "/api/v2.1/summary, true",
            "/api/v1.3/machine, false",
            "/api/v1.3/events, false",
            "/api/v2.0/version, false",
            "/healthz, false",
            "/containers/, false",
            "/metrics/x, false"})
    void heavyAnswersAreTheOnesThatGrowWithContainers(String path, boolean heavy) {
        assertThat(HeavyRequestLimit.isHeavy(path)).isEqualTo(heavy);
    }

    @Test
    void aHeaderValueInAMessageIsPrintableAndShort() {
        assertThat(RequestBodyGuard.printable("xchunked")).isEqualTo("xchunked");
        assertThat(RequestBodyGuard.printable("a\"b\u0001c")).isEqualTo("a?b?c");
        assertThat(RequestBodyGuard.printable("x".repeat(100))).hasSize(40);
    }
}
