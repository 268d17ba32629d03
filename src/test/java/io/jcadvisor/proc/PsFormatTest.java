package io.jcadvisor.proc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class PsFormatTest {

    private static final Map<Long, String> NAMES = Map.of(0L, "root", 997L, "systemd-timesync", 100L, "abcdefgh");

    @ParameterizedTest
    @CsvSource({"0, root", "997, systemd+", "100, abcdefgh", "4242, 4242"})
    void userNameIsCutLikePs(long uid, String shown) {
        assertThat(PsFormat.user(uid, NAMES)).isEqualTo(shown);
    }

    @ParameterizedTest
    @CsvSource({
            "2026-11-26T23:17:37Z, 2026-11-26T23:59:00Z, 23:17",
            "2026-11-25T23:17:37Z, 2026-11-26T00:10:00Z, Nov25",
            "2026-01-02T10:00:00Z, 2026-11-26T10:00:00Z, Jan02",
            "2025-12-31T23:00:00Z, 2026-01-01T01:00:00Z, 2025"})
    void startTimeIsClockTodayDateThisYearElseYear(String start, String now, String shown) {
        assertThat(PsFormat.startTime(Instant.parse(start), Instant.parse(now), ZoneOffset.UTC)).isEqualTo(shown);
    }

    @Test
    void startTimeUsesTheLocalDay() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        // 23:30 UTC on the 25th is 00:30 on the 26th in Berlin: the same day as the 26th, 10:00
        assertThat(PsFormat.startTime(Instant.parse("2026-11-25T23:30:00Z"), Instant.parse("2026-11-26T10:00:00Z"),
                berlin)).isEqualTo("00:30");
    }

    @ParameterizedTest
    @CsvSource({"0, 00:00:00", "4, 00:00:04", "3599, 00:59:59", "86399, 23:59:59", "86400, 1-00:00:00",
            "1000000, 11-13:46:40"})
    void cpuTimeIsHoursMinutesSecondsWithDays(long seconds, String shown) {
        assertThat(PsFormat.cpuTime(seconds)).isEqualTo(shown);
    }

    @ParameterizedTest
    @CsvSource({"4870, 11.16, 43.6", "3300, 3.33, 99.0", "0, 5, 0.0", "100, 0, 0.0", "19990, 10, 199.0",
            "9999, 10, 99.9", "10009, 10, 100.0"})
    void percentCpuIsTruncatedToOneDecimal(long cpuMillis, double elapsed, float shown) {
        assertThat(PsFormat.percentCpu(cpuMillis, elapsed)).isEqualTo(shown);
    }

    @ParameterizedTest
    @CsvSource({"24944, 984832, 2.5", "4, 984832, 0.0", "1804, 984832, 0.1", "984832, 984832, 99.9",
            "10, 0, 0.0"})
    void percentMemIsTruncatedAndCapped(long rss, long total, float shown) {
        assertThat(PsFormat.percentMem(rss, total)).isEqualTo(shown);
    }

    @Test
    void statusFlags() {
        PidStatus plain = new PidStatus(OptionalLong.of(0), 4, 2260, 0);
        PidStatus locked = new PidStatus(OptionalLong.of(0), 4, 2260, 16);
        assertThat(PsFormat.status(stat('S', 5, 7, 7, 0, -1, 0, 1), plain)).isEqualTo("S");
        assertThat(PsFormat.status(stat('S', 5, 5, 5, 0, -1, 0, 1), plain)).isEqualTo("Ss");
        assertThat(PsFormat.status(stat('S', 1, 1, 1, 0, -1, -20, 9), locked)).isEqualTo("S<Lsl");
        assertThat(PsFormat.status(stat('R', 5, 5, 3, 34816, 5, 10, 1), plain)).isEqualTo("RN+");
        assertThat(PsFormat.status(stat('I', 4, 0, 0, 0, -1, -20, 1), plain)).isEqualTo("I<");
        assertThat(PsFormat.status(stat('Z', 9, 1, 1, 0, -1, 0, 1), plain)).isEqualTo("Z");
    }

    private static PidStat stat(char state, int pid, int pgrp, int session, int tty, int tpgid, int nice,
            int threads) {
        return new PidStat(pid, "x", state, 1, pgrp, session, tty, tpgid, 0, 0, nice, threads, 0, 0, 0);
    }
}
