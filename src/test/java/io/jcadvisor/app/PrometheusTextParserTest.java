package io.jcadvisor.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrometheusTextParserTest {

    @Test
    void readsFamiliesWithHelpTypeCommentsAndBlankLines() throws Exception {
        String body = """
                # A free comment
                # HELP http_requests_total Requests served.
                # TYPE http_requests_total counter
                http_requests_total{method="get",code="200"} 1027 1395066363000
                http_requests_total{method="post",code="400"}    3

                # TYPE temperature gauge
                temperature -4.5e1
                no_type_here 7
                """;
        List<PrometheusTextParser.Family> families = PrometheusTextParser.parse(body);
        assertThat(families).extracting(PrometheusTextParser.Family::name)
                .containsExactly("http_requests_total", "temperature", "no_type_here");
        assertThat(families).extracting(PrometheusTextParser.Family::type).containsExactly("counter", "gauge", "untyped");
        PrometheusTextParser.Sample first = families.get(0).samples().get(0);
        assertThat(first.labels()).containsExactly(Map.entry("method", "get"), Map.entry("code", "200"));
        assertThat(first.value()).isEqualTo(1027);
        assertThat(first.timestampMs()).isEqualTo(OptionalLong.of(1395066363000L));
        assertThat(families.get(0).samples().get(1).timestampMs()).isEmpty();
        assertThat(families.get(1).samples().get(0).value()).isEqualTo(-45);
    }

    @Test
    void labelValuesUnescapeBackslashQuoteAndNewline() throws Exception {
        String body = "m{path=\"C:\\\\dir\\\\\",msg=\"say \\\"hi\\\"\\nbye\",brace=\"}{,=\",} 1\n";
        PrometheusTextParser.Sample s = PrometheusTextParser.parse(body).get(0).samples().get(0);
        assertThat(s.labels()).containsEntry("path", "C:\\dir\\").containsEntry("msg", "say \"hi\"\nbye")
                .containsEntry("brace", "}{,=");
    }

    @Test
    void specialValuesAreGoFloats() throws Exception {
        List<PrometheusTextParser.Sample> s = PrometheusTextParser.parse("""
                a NaN
                b +Inf
                c -Inf
                d 1.5e-3
                e -0
                """).stream().map(f -> f.samples().get(0)).toList();
        assertThat(s.get(0).value()).isNaN();
        assertThat(s.get(1).value()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(s.get(2).value()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(s.get(3).value()).isEqualTo(0.0015);
        assertThat(s.get(4).value()).isZero();
    }

    @Test
    void histogramAndSummarySamplesBelongToTheirFamily() throws Exception {
        List<PrometheusTextParser.Family> families = PrometheusTextParser.parse("""
                # TYPE lat histogram
                lat_bucket{le="0.1"} 3
                lat_bucket{le="+Inf"} 5
                lat_sum 1.2
                lat_count 5
                # TYPE rpc summary
                rpc{quantile="0.5"} 0.2
                rpc_sum 9
                rpc_count 40
                """);
        assertThat(families).extracting(PrometheusTextParser.Family::name).containsExactly("lat", "rpc");
        assertThat(families.get(0).samples()).extracting(PrometheusTextParser.Sample::name)
                .containsExactly("lat_bucket", "lat_bucket", "lat_sum", "lat_count");
        assertThat(families.get(1).type()).isEqualTo("summary");
    }

    @Test
    void windowsLineEndingsAndNoFinalNewlineAreFine() throws Exception {
        assertThat(PrometheusTextParser.parse("a 1\r\nb 2").get(1).samples().get(0).value()).isEqualTo(2);
        assertThat(PrometheusTextParser.parse("")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "m{a=\"x\" 1",              // unterminated label set
        "m{a=\"x} 1",               // unterminated value
        "m{a=x} 1",                 // unquoted value
        "m{a=\"\\q\"} 1",           // bad escape
        "m{a=\"1\",a=\"2\"} 1",     // duplicate label
        "m{__name__=\"x\"} 1",      // reserved label
        "m one",                    // not a number
        "m 1d",                     // Java-only float syntax
        "m 0x10",                   // hex
        "m 1 2 3",                  // too many fields
        "m 1 1.5",                  // fractional timestamp
        "m",                        // no value
        "9m 1",                     // bad name
        "m{9a=\"x\"} 1",            // bad label name
        "# TYPE m histgram",        // unknown type
        "<html><body>oops</body></html>"})
    void malformedLinesFailTheBody(String body) {
        assertThatThrownBy(() -> PrometheusTextParser.parse(body))
                .isInstanceOf(PrometheusTextParser.ParseException.class).hasMessageStartingWith("line 1:");
    }

    @Test
    void aSecondTypeLineIsAnError() {
        assertThatThrownBy(() -> PrometheusTextParser.parse("# TYPE m gauge\n# TYPE m counter\n"))
                .hasMessageContaining("line 2");
    }
}
