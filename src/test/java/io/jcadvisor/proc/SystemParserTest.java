package io.jcadvisor.proc;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SystemParserTest {

    @Test
    void memTotalKib() {
        assertThat(SystemParser.memTotalKib(List.of("MemTotal:         984832 kB", "MemFree: 1 kB"))).hasValue(984832L);
        assertThat(SystemParser.memTotalKib(List.of("MemFree: 1 kB"))).isEmpty();
        assertThat(SystemParser.memTotalKib(List.of("MemTotal: lots"))).isEmpty();
    }
}
