package io.jcadvisor.web;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class PathEncodingTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/plain/path|/plain/path",
        "/a%20b+c|/a b+c",
        "/caf%C3%A9/%E2%82%AC|/café/€",
        "/café/%F0%9F%90%B3/🐳|/café/🐳/🐳",
        "/system-systemd%5Cx2dfsck.slice|/system-systemd\\x2dfsck.slice",
        "/%2e%2E/x|/../x"})
    void decodesEscapesAsUtf8AndKeepsOtherCharacters(String raw, String decoded) {
        assertThat(PathEncoding.decode(raw)).contains(decoded);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a%2", "/a%", "/a%zz", "/a%4g/b"})
    void aTruncatedOrNonHexEscapeIsMalformed(String raw) {
        assertThat(PathEncoding.decode(raw)).isEmpty();
    }
}
