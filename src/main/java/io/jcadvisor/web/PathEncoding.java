package io.jcadvisor.web;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Percent-decoding of request paths, one rule for the routing filters and the API's path parser. */
public final class PathEncoding {

    private PathEncoding() {
    }

    /**
     * Percent-decoding of a URL path: escapes are the bytes of UTF-8 text, and {@code +} stays a plus
     * (unlike form decoding).
     *
     * @return the decoded path, empty when an escape is truncated or not hex
     */
    public static Optional<String> decode(String raw) {
        if (raw.indexOf('%') < 0) {
            return Optional.of(raw);
        }
        StringBuilder out = new StringBuilder(raw.length());
        ByteArrayOutputStream escaped = new ByteArrayOutputStream();
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c != '%') {
                out.append(c);
                i++;
                continue;
            }
            // A run of escapes is decoded together: one character may take several bytes.
            escaped.reset();
            while (i < raw.length() && raw.charAt(i) == '%') {
                if (i + 2 >= raw.length()) {
                    return Optional.empty();
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return Optional.empty();
                }
                escaped.write(hi * 16 + lo);
                i += 3;
            }
            out.append(escaped.toString(StandardCharsets.UTF_8));
        }
        return Optional.of(out.toString());
    }
}
