package io.jcadvisor.fs;

import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

/** Parses {@code /proc/<pid>/mountinfo} (proc(5)); pure, no I/O. */
public final class MountInfoParser {

    private static final Logger LOG = Logger.getLogger(MountInfoParser.class);

    private MountInfoParser() {
    }

    /** Every well-formed line, in file order; malformed lines are skipped (logged at debug). */
    public static List<MountInfo> parse(List<String> lines) {
        List<MountInfo> mounts = new ArrayList<>(lines.size());
        for (String line : lines) {
            MountInfo mount = parseLine(line);
            if (mount != null) {
                mounts.add(mount);
            }
        }
        return mounts;
    }

    /** One line, or null when malformed. */
    static MountInfo parseLine(String line) {
        // 36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue
        // Optional fields run until the lone "-" separator.
        String[] fields = line.trim().split(" ");
        int separator = -1;
        for (int i = 6; i < fields.length; i++) {
            if (fields[i].equals("-")) {
                separator = i;
                break;
            }
        }
        if (fields.length < 10 || separator < 0 || separator + 2 >= fields.length) {
            LOG.debugf("malformed mountinfo line: %s", line);
            return null;
        }
        try {
            int colon = fields[2].indexOf(':');
            return new MountInfo(
                    Integer.parseInt(fields[0]),
                    Integer.parseInt(fields[1]),
                    Integer.parseInt(fields[2].substring(0, colon)),
                    Integer.parseInt(fields[2].substring(colon + 1)),
                    unescape(fields[3]),
                    unescape(fields[4]),
                    fields[5],
                    fields[separator + 1],
                    unescape(fields[separator + 2]),
                    separator + 3 < fields.length ? fields[separator + 3] : "");
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            LOG.debugf("malformed mountinfo line: %s", line);
            return null;
        }
    }

    /** The kernel writes space, tab, newline and backslash as octal escapes ({@code \040}). */
    static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1)) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '7') {
                return false;
            }
        }
        return true;
    }
}
