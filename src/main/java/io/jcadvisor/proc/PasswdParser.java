package io.jcadvisor.proc;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Maps user ids to names from the host's {@code /etc/passwd}. Pure, no I/O. */
public final class PasswdParser {

    private PasswdParser() {
    }

    /**
     * uid → user name; when a uid appears twice the first entry wins, as {@code getpwuid} answers.
     * Comments, NIS {@code +}/{@code -} lines and malformed lines are skipped.
     */
    public static Map<Long, String> parse(List<String> lines) {
        Map<Long, String> names = new HashMap<>();
        for (String line : lines) {
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("+") || line.startsWith("-")) {
                continue;
            }
            String[] fields = line.split(":", -1);
            if (fields.length < 3 || fields[0].isEmpty()) {
                continue;
            }
            try {
                names.putIfAbsent(Long.parseLong(fields[2]), fields[0]);
            } catch (NumberFormatException e) {
                // a hand-edited line with a bad uid names nobody
            }
        }
        return names;
    }
}
