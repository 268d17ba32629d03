package io.jcadvisor.proc;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SystemParserTest {

    @Test
    void bootTimeFromProcStat() {
        assertThat(SystemParser.bootTime(List.of("cpu  515 0 263", "ctxt 3836", "btime 1795735057", "processes 164")))
                .hasValue(1795735057L);
        assertThat(SystemParser.bootTime(List.of("cpu  515 0 263"))).isEmpty();
        assertThat(SystemParser.bootTime(List.of("btime soon"))).isEmpty();
    }

    @Test
    void uptimeSeconds() {
        assertThat(SystemParser.uptimeSeconds("13.31 15.91\n")).hasValue(13.31);
        assertThat(SystemParser.uptimeSeconds("")).isEmpty();
        assertThat(SystemParser.uptimeSeconds("NaN 1")).isEmpty();
        assertThat(SystemParser.uptimeSeconds("-1 1")).isEmpty();
    }

    @Test
    void memTotalKib() {
        assertThat(SystemParser.memTotalKib(List.of("MemTotal:         984832 kB", "MemFree: 1 kB"))).hasValue(984832L);
        assertThat(SystemParser.memTotalKib(List.of("MemFree: 1 kB"))).isEmpty();
        assertThat(SystemParser.memTotalKib(List.of("MemTotal: lots"))).isEmpty();
    }
}
