package io.jcadvisor.web.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** What htpasswd and htdigest files share: line cleaning, and constant-time comparison. */
final class AuthLines {

    private AuthLines() {
    }

    /**
     * The line without its CR and leading blanks, or null for a blank line or a {@code #} comment
     * (upstream reads both files as CSV with {@code :} separators, {@code #} comments and leading
     * spaces trimmed).
     */
    static String clean(String raw) {
        String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
        line = line.stripLeading();
        return line.isEmpty() || line.startsWith("#") ? null : line;
    }

    /** Equal strings, in time independent of where they differ. */
    static boolean equalsConstantTime(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
