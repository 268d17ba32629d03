package io.jcadvisor.info.v1;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

import static org.assertj.core.api.Assertions.assertThat;

class InstantSerializerTest {

    private final ObjectMapper mapper = new ObjectMapper()
            .registerModule(new SimpleModule().addSerializer(Instant.class, new InstantSerializer()));

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-26T22:38:54.280183765Z", "2026-11-26T22:38:54Z", "2026-11-26T22:38:54.100Z",
            "2026-11-26T22:38:54.000100Z", "2026-01-01T00:00:00.000000001Z", "0001-01-01T00:00:00Z",
            "1970-01-01T00:00:00Z", "2024-02-29T23:59:59.999999999Z", "9999-12-31T23:59:59Z",
            "+10000-01-01T00:00:00Z", "-0001-12-31T00:00:00Z"})
    void writesWhatIsoInstantWrites(String text) throws Exception {
        Instant instant = Instant.parse(text);
        assertThat(mapper.writeValueAsString(instant))
                .isEqualTo("\"" + DateTimeFormatter.ISO_INSTANT.format(instant) + "\"");
    }
}
