package io.jcadvisor.proc;

/**
 * The fields of {@code /proc/<pid>/stat} (proc(5)) that the process listing needs.
 *
 * @param pid process id
 * @param comm command name, at most 15 characters, may contain blanks and parentheses
 * @param state one-letter state ({@code R}, {@code S}, {@code D}, {@code Z}, {@code T}, {@code I}, …)
 * @param ppid parent pid
 * @param pgrp process group id
 * @param session session id
 * @param ttyNr controlling terminal (0 = none)
 * @param tpgid foreground process group of the terminal (-1 = none)
 * @param utime user CPU time in clock ticks (USER_HZ)
 * @param stime system CPU time in clock ticks
 * @param nice nice value, -20..19
 * @param numThreads number of threads
 * @param startTime start time after boot in clock ticks
 * @param vsize virtual memory size in bytes
 * @param processor CPU the task last ran on (field 39)
 */
public record PidStat(int pid, String comm, char state, int ppid, int pgrp, int session, int ttyNr, int tpgid,
        long utime, long stime, int nice, int numThreads, long startTime, long vsize, int processor) {
}
