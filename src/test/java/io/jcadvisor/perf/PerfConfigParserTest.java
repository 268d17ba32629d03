package io.jcadvisor.perf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Upstream's perf events JSON. */
class PerfConfigParserTest {

    @Test
    void upstreamExampleWithGroupsAndCustomEvents() {
        PerfEventsConfig config = PerfConfigParser.parse("""
                {
                  "core": {
                    "events": [["instructions", "instructions_retired"], "cycles", ["cache-misses"]],
                    "custom_events": [
                      {"type": 4, "config": ["0x5300c0"], "name": "instructions_retired"}
                    ]
                  },
                  "uncore": {
                    "events": ["uncore_imc/cas_count_read/"],
                    "custom_events": [{"type": 18, "config": ["0x304", "0x1", "12"], "name": "uncore_imc/cas_count_read/"}]
                  }
                }
                """);
        assertThat(config.core().groups()).containsExactly(List.of("instructions", "instructions_retired"),
                List.of("cycles"), List.of("cache-misses"));
        assertThat(config.core().custom("instructions_retired"))
                .isEqualTo(new PerfEventsConfig.CustomEvent(4, List.of(0x5300c0L), "instructions_retired"));
        assertThat(config.core().custom("cycles")).isNull();
        assertThat(config.uncore().groups()).containsExactly(List.of("uncore_imc/cas_count_read/"));
        assertThat(config.uncore().custom("uncore_imc/cas_count_read/").config()).containsExactly(0x304L, 1L, 12L);
    }

    @Test
    void emptyFileAndEmptyObjectMeanNoEvents() {
        assertThat(PerfConfigParser.parse("")).isEqualTo(PerfEventsConfig.EMPTY);
        assertThat(PerfConfigParser.parse("{}").core().isEmpty()).isTrue();
        assertThat(PerfConfigParser.parse("{\"core\":{\"events\":[\"task-clock\"]},\"future\":1}").core().groups())
                .containsExactly(List.of("task-clock"));
    }

    @Test
    void configAboveLongMaxIsKeptAsUint64() {
        PerfEventsConfig config = PerfConfigParser.parse("{\"core\":{\"events\":[\"x\"],\"custom_events\":"
                + "[{\"type\":4,\"config\":[\"0xffffffffffffffff\"],\"name\":\"x\"}]}}");
        assertThat(config.core().custom("x").config()).containsExactly(-1L);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{core:1}|not valid JSON",
        "[1,2]|top level must be an object",
        "{\"core\":[]}|core: must be an object",
        "{\"core\":{\"events\":\"cycles\"}}|core.events: must be an array",
        "{\"core\":{\"events\":[1]}}|core.events[0]: must be an event name",
        "{\"core\":{\"events\":[[]]}}|core.events[0]: must be an event name or a non-empty array",
        "{\"core\":{\"events\":[[\"a\",\"\"]]}}|core.events[0][1]: must be a non-empty event name",
        "{\"uncore\":{\"events\":[\"a;b\"]}}|uncore.events[0]: event name \"a;b\"",
        "{\"core\":{\"events\":[\"x\"],\"custom_events\":[{\"type\":4,\"config\":[\"0x1\"]}]}}|core.custom_events[0].name: missing",
        "{\"core\":{\"events\":[\"x\"],\"custom_events\":[{\"type\":-1,\"config\":[\"0x1\"],\"name\":\"x\"}]}}|core.custom_events[0].type: must be a uint32",
        "{\"core\":{\"events\":[\"x\"],\"custom_events\":[{\"type\":4,\"config\":[],\"name\":\"x\"}]}}|core.custom_events[0].config: must be an array of 1 to 3",
        "{\"core\":{\"events\":[\"x\"],\"custom_events\":[{\"type\":4,\"config\":[\"0xzz\"],\"name\":\"x\"}]}}|core.custom_events[0].config[0]: \"0xzz\" is not a uint64",
        "{\"core\":{\"events\":[\"x\"],\"custom_events\":{}}}|core.custom_events: must be an array"})
    void problemsNameThePlace(String json, String message) {
        assertThatThrownBy(() -> PerfConfigParser.parse(json)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
