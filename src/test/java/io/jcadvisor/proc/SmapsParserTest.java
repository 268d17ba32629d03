package io.jcadvisor.proc;

import io.jcadvisor.host.HostFs;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SmapsParserTest {

    @Test
    void sumsReferencedKilobytesOfEveryMapping() {
        String smaps = """
                55d0c0a00000-55d0c0a02000 r--p 00000000 fe:01 1234 /usr/bin/sleep
                Size:                  8 kB
                Rss:                   8 kB
                Referenced:            8 kB
                Anonymous:             0 kB
                7ffd5b3e2000-7ffd5b403000 rw-p 00000000 00:00 0 [stack]
                Size:                132 kB
                Referenced:           12 kB
                """;
        assertThat(SmapsParser.referencedBytes(smaps)).isEqualTo(20 * 1024);
    }

    @Test
    void emptyOrGarbageIsZero() {
        assertThat(SmapsParser.referencedBytes("")).isZero();
        assertThat(SmapsParser.referencedBytes("Referenced: x kB\nReferenced:")).isZero();
    }

    @Test
    void aLiveProcessHasReferencedMemoryAndAGonePidAddsNothing() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "30").start();
        try {
            PidStatsReader reader = new PidStatsReader(new HostFs(Path.of("/")));
            assertThat(reader.referencedBytes(List.of((int) sleeper.pid()))).isPositive();
            assertThat(reader.referencedBytes(List.of(Integer.MAX_VALUE))).isZero();
        } finally {
            sleeper.destroyForcibly().waitFor();
        }
    }
}
