package io.jcadvisor.info.v1;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class InstantSerializerTest {

    private final ObjectMapper mapper = new ObjectMapper()
            .registerModule(new SimpleModule().addSerializer(Instant.class, new InstantSerializer()));

    /** What Go's {@code time.Time.MarshalJSON} (RFC3339Nano: trailing zeros of the fraction cut) writes. */
    @ParameterizedTest
    @CsvSource({
        "2026-11-26T22:38:54.280183765Z, 2026-11-26T22:38:54.280183765Z",
        "2026-11-27T04:42:25.496345010Z, 2026-11-27T04:42:25.49634501Z",
        "2026-11-26T22:38:54Z, 2026-11-26T22:38:54Z",
        "2026-11-26T22:38:54.100Z, 2026-11-26T22:38:54.1Z",
        "2026-11-26T22:38:54.000100Z, 2026-11-26T22:38:54.0001Z",
        "2026-01-01T00:00:00.000000001Z, 2026-01-01T00:00:00.000000001Z",
        "0001-01-01T00:00:00Z, 0001-01-01T00:00:00Z",
        "1970-01-01T00:00:00Z, 1970-01-01T00:00:00Z",
        "2024-02-29T23:59:59.999999999Z, 2024-02-29T23:59:59.999999999Z",
        "9999-12-31T23:59:59Z, 9999-12-31T23:59:59Z"})
    void writesWhatGoWrites(String instant, String json) throws Exception {
        assertThat(mapper.writeValueAsString(Instant.parse(instant))).isEqualTo("\"" + json + "\"");
    }

    /** Years Go cannot write in RFC 3339 (it fails); Java's own text rather than a broken one. */
    @ParameterizedTest
    @CsvSource({"+10000-01-01T00:00:00Z", "-0001-12-31T00:00:00Z"})
    void yearsOutsideRfc3339AreWrittenAsJavaDoes(String instant) throws Exception {
        assertThat(mapper.writeValueAsString(Instant.parse(instant))).isEqualTo("\"" + instant + "\"");
    }
}
