package io.jcadvisor.machine;

import java.util.Map;
import java.util.OptionalLong;

/**
 * {@code /proc/meminfo} (or a NUMA node's {@code meminfo}) as parsed values.
 *
 * @param values every well-formed line: key → value as written, in kB for lines with a {@code kB}
 *               unit, a plain count otherwise ({@code HugePages_Total})
 */
public record MemInfo(Map<String, Long> values) {

    public static final MemInfo EMPTY = new MemInfo(Map.of());

    /** The raw value of a key (kB or count), absent when the kernel does not write it. */
    public OptionalLong value(String key) {
        Long v = values.get(key);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    /** A kB line in bytes ({@code MemTotal} → bytes), absent when missing. */
    public OptionalLong bytes(String key) {
        Long v = values.get(key);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v * 1024);
    }
}
