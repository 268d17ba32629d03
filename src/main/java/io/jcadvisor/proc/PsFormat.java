package io.jcadvisor.proc;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * Formats process values the way procps {@code ps} prints the columns upstream reads
 * ({@code user,pid,ppid,stime,pcpu,pmem,rss,vsz,stat,time,comm,psr}), so {@code /api/v2.x/ps} answers
 * carry the same strings and numbers. Pure, no I/O.
 */
public final class PsFormat {

    /** Width of the {@code user} column; longer names are cut to 7 characters and a {@code +}. */
    private static final int USER_WIDTH = 8;

    private static final DateTimeFormatter TODAY = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    private static final DateTimeFormatter THIS_YEAR = DateTimeFormatter.ofPattern("MMMdd", Locale.ENGLISH);
    private static final DateTimeFormatter OLDER = DateTimeFormatter.ofPattern("yyyy", Locale.ROOT);

    private PsFormat() {
    }

    /**
     * ps {@code USER}: the name of the effective uid, cut to {@code systemd+} when longer than 8
     * characters (procps-ng does so for this column), or the number when the uid has no name.
     */
    public static String user(long uid, Map<Long, String> names) {
        String name = names.get(uid);
        if (name == null) {
            return Long.toString(uid);
        }
        return name.length() > USER_WIDTH ? name.substring(0, USER_WIDTH - 1) + "+" : name;
    }

    /**
     * ps {@code STIME}: {@code HH:mm} when the process started today, {@code MMMdd} (e.g. {@code Nov26})
     * earlier this year, the year before that; days are those of {@code zone} as ps uses local time.
     */
    public static String startTime(Instant start, Instant now, ZoneId zone) {
        ZonedDateTime started = start.atZone(zone);
        ZonedDateTime today = now.atZone(zone);
        if (started.getYear() != today.getYear()) {
            return OLDER.format(started);
        }
        if (started.getDayOfYear() != today.getDayOfYear()) {
            return THIS_YEAR.format(started);
        }
        return TODAY.format(started);
    }

    /** ps {@code TIME}: cumulative CPU time as {@code HH:MM:SS}, or {@code D-HH:MM:SS} from one day on. */
    public static String cpuTime(long seconds) {
        long days = seconds / 86_400;
        long hours = seconds / 3600 % 24;
        long minutes = seconds / 60 % 60;
        long secs = seconds % 60;
        String clock = String.format(Locale.ROOT, "%02d:%02d:%02d", hours, minutes, secs);
        return days > 0 ? days + "-" + clock : clock;
    }

    /**
     * ps {@code %CPU}: CPU time over the time since the process started, in percent, truncated to one
     * decimal as ps prints it (and shown whole from 100% on, where ps drops the decimal).
     *
     * @param cpuMillis user plus system CPU time in ms
     * @param elapsedSeconds seconds since the process started (from {@code /proc/uptime})
     */
    public static float percentCpu(long cpuMillis, double elapsedSeconds) {
        if (elapsedSeconds <= 0) {
            return 0f;
        }
        long perMille = (long) (cpuMillis / elapsedSeconds);
        return perMille > 999 ? perMille / 10 : perMille / 10f;
    }

    /**
     * ps {@code %MEM}: resident size over {@code MemTotal}, in percent, truncated to one decimal and
     * capped at 99.9 as ps does.
     */
    public static float percentMem(long rssKib, long memTotalKib) {
        if (memTotalKib <= 0) {
            return 0f;
        }
        long perMille = Math.min(rssKib * 1000 / memTotalKib, 999);
        return perMille / 10f;
    }

    /**
     * ps {@code STAT}: the state letter followed by the flags that {@code /proc/<pid>/stat} and
     * {@code status} give cheaply, in ps's order: {@code <} (nice below 0) or {@code N} (nice above 0),
     * {@code L} (pages locked, {@code VmLck} > 0), {@code s} (session leader), {@code l} (more than one
     * thread), {@code +} (in the terminal's foreground process group).
     */
    public static String status(PidStat stat, PidStatus status) {
        StringBuilder flags = new StringBuilder(6).append(stat.state());
        if (stat.nice() < 0) {
            flags.append('<');
        } else if (stat.nice() > 0) {
            flags.append('N');
        }
        if (status.vmLockedKib() > 0) {
            flags.append('L');
        }
        if (stat.session() == stat.pid()) {
            flags.append('s');
        }
        if (stat.numThreads() > 1) {
            flags.append('l');
        }
        if (stat.tpgid() >= 0 && stat.tpgid() == stat.pgrp()) {
            flags.append('+');
        }
        return flags.toString();
    }
}
