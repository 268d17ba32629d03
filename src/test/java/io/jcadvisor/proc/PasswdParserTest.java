package io.jcadvisor.proc;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PasswdParserTest {

    @Test
    void mapsUidsToNamesFirstEntryWinning() {
        assertThat(PasswdParser.parse(List.of("# comment", "root:x:0:0:root:/root:/bin/bash", "toor:x:0:0::/:/bin/sh",
                "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin", "+nis", "", "bad:x:notanumber:1::/:",
                ":x:5:5::/:", "short:x")))
                .isEqualTo(Map.of(0L, "root", 1L, "daemon"));
    }
}
