package io.jcadvisor.oom;

/**
 * One record of {@code /dev/kmsg} ({@code Documentation/ABI/testing/dev-kmsg}):
 * {@code <priority>,<sequence>,<µs since boot>,<flags>[,…];<message>}.
 *
 * @param priority        syslog priority with facility ({@code level = priority & 7})
 * @param sequence        the kernel's 64-bit record number; a gap means records were overwritten
 * @param monotonicMicros time of the message in microseconds since boot (CLOCK_MONOTONIC)
 * @param message         the text after the first {@code ;}, without continuation lines
 */
public record KmsgRecord(int priority, long sequence, long monotonicMicros, String message) {
}
