package io.jcadvisor.web.auth;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An htdigest file ({@code user:realm:HA1} lines, HA1 = hex MD5 of {@code user:realm:password}),
 * as {@code htdigest} writes it and upstream reads it for {@code -http_digest_file}. Blank lines and
 * {@code #} comments are skipped, a CR before the line end is dropped, a later line for the same
 * user and realm wins. A malformed line is reported in {@link #warnings()} and skipped; parsing
 * never throws.
 */
public final class HtdigestFile {

    private static final Pattern HA1 = Pattern.compile("[0-9a-fA-F]{32}");

    private final Map<String, String> ha1ByRealmAndUser;
    private final List<String> warnings;

    private HtdigestFile(Map<String, String> ha1ByRealmAndUser, List<String> warnings) {
        this.ha1ByRealmAndUser = ha1ByRealmAndUser;
        this.warnings = warnings;
    }

    /** Parses the file's text (any line ends). */
    public static HtdigestFile parse(String text) {
        Map<String, String> users = new HashMap<>();
        List<String> warnings = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = AuthLines.clean(lines[i]);
            if (line == null) {
                continue;
            }
            String[] fields = line.split(":", -1);
            if (fields.length != 3 || fields[0].isEmpty()) {
                warnings.add("line " + (i + 1) + ": not user:realm:HA1, skipped");
                continue;
            }
            String ha1 = fields[2].strip();
            if (!HA1.matcher(ha1).matches()) {
                warnings.add("line " + (i + 1) + ": user \"" + fields[0] + "\": HA1 is not 32 hex digits; "
                        + "this user cannot log in");
                users.remove(key(fields[1], fields[0]));
                continue;
            }
            users.put(key(fields[1], fields[0]), ha1.toLowerCase(Locale.ROOT));
        }
        return new HtdigestFile(Map.copyOf(users), List.copyOf(warnings));
    }

    private static String key(String realm, String user) {
        // ':' cannot occur in either field, so the pair is unambiguous
        return realm + ":" + user;
    }

    /** The user's HA1 for the realm, lower-case hex. */
    public Optional<String> ha1(String user, String realm) {
        return Optional.ofNullable(ha1ByRealmAndUser.get(key(realm, user)));
    }

    /** Number of users of the realm. */
    public long users(String realm) {
        return ha1ByRealmAndUser.keySet().stream().filter(k -> k.startsWith(realm + ":")).count();
    }

    /** Problems found while parsing, one line each, naming the line (never a hash). */
    public List<String> warnings() {
        return warnings;
    }
}
