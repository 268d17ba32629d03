package io.jcadvisor.web.auth;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The parameters of an {@code Authorization: Digest …} header (RFC 7616 §3.4): comma-separated
 * {@code name=value} pairs, the value a token or a quoted string with backslash escapes. Names are
 * lower-cased; a repeated name makes the header invalid.
 */
final class DigestHeader {

    private DigestHeader() {
    }

    /** The parameters, or empty when the header is not Digest or is malformed. */
    static Optional<Map<String, String>> parse(String header) {
        if (header == null || header.length() < 7 || !header.regionMatches(true, 0, "Digest ", 0, 7)) {
            return Optional.empty();
        }
        Map<String, String> params = new HashMap<>();
        String s = header;
        int i = 7;
        int n = s.length();
        while (true) {
            while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == ',')) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int eq = s.indexOf('=', i);
            if (eq < 0) {
                return Optional.empty();
            }
            String name = s.substring(i, eq).strip().toLowerCase(Locale.ROOT);
            i = eq + 1;
            while (i < n && s.charAt(i) == ' ') {
                i++;
            }
            StringBuilder value = new StringBuilder();
            if (i < n && s.charAt(i) == '"') {
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = s.charAt(i++);
                    if (c == '\\' && i < n) {
                        value.append(s.charAt(i++));
                    } else if (c == '"') {
                        closed = true;
                        break;
                    } else {
                        value.append(c);
                    }
                }
                if (!closed) {
                    return Optional.empty();
                }
            } else {
                while (i < n && s.charAt(i) != ',') {
                    value.append(s.charAt(i++));
                }
            }
            if (name.isEmpty() || params.put(name, value.toString().strip()) != null) {
                return Optional.empty();
            }
        }
        return Optional.of(params);
    }
}
