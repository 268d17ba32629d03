package io.jcadvisor.events;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class StoragePolicyTest {

    @Test
    void upstreamDefaults() {
        StoragePolicy p = StoragePolicy.parse("default=24h", "default=100000");
        assertThat(p.maxAge("oom")).isEqualTo(Duration.ofHours(24));
        assertThat(p.maxCount("containerCreation")).isEqualTo(100_000);
    }

    @Test
    void perTypeEntriesOverrideTheDefault() {
        StoragePolicy p = StoragePolicy.parse("default=24h,oom=1h", "default=100000,containerCreation=10");
        assertThat(p.maxAge("oom")).isEqualTo(Duration.ofHours(1));
        assertThat(p.maxAge("oomKill")).isEqualTo(Duration.ofHours(24));
        assertThat(p.maxCount("containerCreation")).isEqualTo(10);
        assertThat(p.maxCount("containerDeletion")).isEqualTo(100_000);
    }

    @Test
    void malformedItemsAreSkippedAndTheRestApplies() {
        StoragePolicy p = StoragePolicy.parse("oom=soon,garbage,=5m,creation=1h,default=2h,oomKill=30m",
                "oom=-1,containerDeletion=x,default=7,,oomKill=0");
        assertThat(p.maxAge("oom")).isEqualTo(Duration.ofHours(2));
        assertThat(p.maxAge("oomKill")).isEqualTo(Duration.ofMinutes(30));
        // "creation" (the flag help's word) is not a type
        assertThat(p.ages()).doesNotContainKey("creation");
        assertThat(p.maxCount("oom")).isEqualTo(7);
        assertThat(p.maxCount("containerDeletion")).isEqualTo(7);
        assertThat(p.maxCount("oomKill")).isZero();
    }

    @ParameterizedTest
    @CsvSource({"24h,PT24H", "1h30m,PT1H30M", "90s,PT1M30S", "1.5h,PT1H30M", "500ms,PT0.5S", "0,PT0S", "2m0s,PT2M"})
    void parsesGoDurations(String text, String expected) {
        assertThat(StoragePolicy.parseGoDuration(text)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @CsvSource({"h", "5", "1d", "5 m", "-1h", "abc"})
    void rejectsMalformedAndNegativeDurations(String text) {
        assertThat(StoragePolicy.parseGoDuration(text)).isNull();
    }
}
