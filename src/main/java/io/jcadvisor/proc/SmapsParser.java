package io.jcadvisor.proc;

/** Sums the {@code Referenced:} lines of {@code /proc/<pid>/smaps} (proc(5)); pure, no I/O. */
public final class SmapsParser {

    private static final String KEY = "Referenced:";

    private SmapsParser() {
    }

    /** Referenced memory of every mapping, in bytes ({@code Referenced: N kB} × 1024); malformed lines add 0. */
    public static long referencedBytes(String smaps) {
        long kb = 0;
        int at = smaps.indexOf(KEY);
        while (at >= 0) {
            int i = at + KEY.length();
            while (i < smaps.length() && smaps.charAt(i) == ' ') {
                i++;
            }
            long value = 0;
            boolean digits = false;
            while (i < smaps.length() && Character.isDigit(smaps.charAt(i))) {
                value = value * 10 + (smaps.charAt(i) - '0');
                digits = true;
                i++;
            }
            if (digits) {
                kb += value;
            }
            at = smaps.indexOf(KEY, i);
        }
        return kb * 1024;
    }
}
