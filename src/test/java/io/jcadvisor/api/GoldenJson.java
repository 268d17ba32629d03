package io.jcadvisor.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Strict comparison of a JSON answer with a golden file under {@code src/test/resources/golden/}:
 * same fields, same values, same array order (object key order is free, as in Go maps). Run with
 * {@code -Dgolden.update=true} to rewrite the files after a reviewed change.
 */
final class GoldenJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT);

    private GoldenJson() {
    }

    static void assertMatches(String goldenPath, String actualJson) throws IOException {
        Path file = Path.of("src/test/resources/golden", goldenPath);
        JsonNode actual = MAPPER.readTree(actualJson);
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, MAPPER.writeValueAsString(actual) + "\n");
        }
        JsonNode expected = MAPPER.readTree(Files.readString(file));
        assertThat(actual).as("answer vs %s", file).isEqualTo(expected);
    }
}
