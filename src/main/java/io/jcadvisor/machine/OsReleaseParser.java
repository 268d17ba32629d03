package io.jcadvisor.machine;

import java.util.List;
import java.util.Optional;

/** Parses {@code os-release(5)}; pure, no I/O. */
public final class OsReleaseParser {

    private OsReleaseParser() {
    }

    /** The {@code PRETTY_NAME} value without its quotes ({@code Debian GNU/Linux 12 (bookworm)}). */
    public static Optional<String> prettyName(List<String> lines) {
        for (String line : lines) {
            String trimmed = line.trim();
            if (trimmed.startsWith("PRETTY_NAME=")) {
                String value = trimmed.substring("PRETTY_NAME=".length()).trim();
                if (value.length() >= 2 && (value.charAt(0) == '"' || value.charAt(0) == '\'')
                        && value.charAt(value.length() - 1) == value.charAt(0)) {
                    value = value.substring(1, value.length() - 1);
                }
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
