package io.jcadvisor.metrics;

import io.jcadvisor.config.GoDuration;
import java.time.Duration;

/**
 * Validates the query parameters of {@code /metrics} (upstream head: {@code type}, {@code count},
 * {@code recursive}, {@code max_age}, parsed like the v2 API). {@code count} and {@code recursive}
 * are checked but have no effect (upstream forces 1 and true). A bad value is a
 * {@link BadParameterException}; upstream answers 500 there, we answer 400 naming the parameter.
 */
public final class MetricsQuery {

    private MetricsQuery() {
    }

    /** A query parameter with an unusable value; the message names it and says why. */
    public static final class BadParameterException extends RuntimeException {
        public BadParameterException(String message) {
            super(message);
        }
    }

    /** Parameters may be null (absent). */
    public static ScrapeOptions parse(String type, String count, String recursive, String maxAge) {
        String namespace = null;
        if (type != null && !type.isEmpty()) {
            namespace = switch (type) {
                case "name" -> null;
                case "docker", "podman" -> type;
                default -> throw new BadParameterException("bad parameter type=\"" + type
                        + "\": expected one of name, docker, podman");
            };
        }
        if (count != null && !count.isEmpty()) {
            try {
                Integer.parseInt(count);
            } catch (NumberFormatException e) {
                throw new BadParameterException("bad parameter count=\"" + count + "\": not an integer");
            }
        }
        if (recursive != null && !recursive.isEmpty() && !isGoBool(recursive)) {
            throw new BadParameterException("bad parameter recursive=\"" + recursive + "\": not a boolean (true/false)");
        }
        Duration age = null;
        if (maxAge != null && !maxAge.isEmpty()) {
            try {
                age = GoDuration.parse(maxAge);
            } catch (IllegalArgumentException e) {
                throw new BadParameterException("bad parameter max_age=\"" + maxAge + "\": " + e.getMessage());
            }
            if (age.isNegative()) {
                throw new BadParameterException("bad parameter max_age=\"" + maxAge + "\": must not be negative");
            }
        }
        return new ScrapeOptions(namespace, age);
    }

    /** Go {@code strconv.ParseBool}. */
    private static boolean isGoBool(String s) {
        return switch (s) {
            case "1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False" -> true;
            default -> false;
        };
    }
}
