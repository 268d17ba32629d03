package io.jcadvisor.api;

import io.jcadvisor.web.PathEncoding;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An {@code /api} request path split the way upstream splits it:
 * {@code /api/<version>/<requestType>[/<container name…>]}, the rest joined into an absolute
 * container name ({@code /api/v1.0/containers} and {@code …/containers/} both mean {@code /}).
 *
 * <p>A container name is a cgroup path, so a path that could leave the cgroup tree is refused
 * before anything is looked up: encoded slashes ({@code %2F}), NUL bytes and {@code .}/{@code ..}
 * segments (also percent-encoded). The check runs on the raw, still-encoded path because JAX-RS hands
 * resources decoded parameters. A backslash is an ordinary character of a Linux path, and systemd
 * escapes names with it ({@code system-systemd\x2dfsck.slice}), so {@code %5C} is allowed (a raw
 * backslash is not a URI character, and the HTTP server refuses it before we see it; clients such as
 * Go's encode it).
 *
 * @param version     first segment, empty for {@code /api/}
 * @param requestType second segment, empty when absent
 * @param rest        the remaining non-empty segments, decoded
 */
public record ApiPath(String version, String requestType, List<String> rest) {

    /** The absolute container name the rest of the path names ({@code /} when there is none). */
    public String containerName() {
        return "/" + String.join("/", rest);
    }

    /**
     * Parses the raw path of a request under {@code /api}.
     *
     * @param rawPath the request path as sent, still percent-encoded, starting with {@code /api}
     * @throws ApiError 400 when the path is not valid percent-encoding or could leave the cgroup tree
     */
    public static ApiPath parse(String rawPath) {
        String raw = rawPath;
        if (raw.startsWith("/api")) {
            raw = raw.substring("/api".length());
        }
        String lower = raw.toLowerCase(Locale.ROOT);
        if (lower.contains("%2f")) {
            throw unsafe(raw, "encoded slashes are not allowed");
        }
        String decoded = decode(raw);
        if (decoded.indexOf('\0') >= 0) {
            throw unsafe(decoded.replace("\0", "\\0"), "NUL bytes are not allowed");
        }
        List<String> segments = new ArrayList<>();
        for (String segment : decoded.split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                throw unsafe(decoded, "'.' and '..' segments are not allowed");
            }
            if (!segment.isEmpty()) {
                segments.add(segment);
            }
        }
        String version = segments.isEmpty() ? "" : segments.get(0);
        String type = segments.size() < 2 ? "" : segments.get(1);
        List<String> rest = segments.size() <= 2 ? List.of() : List.copyOf(segments.subList(2, segments.size()));
        return new ApiPath(version, type, rest);
    }

    private static ApiError unsafe(String path, String why) {
        return ApiError.badRequest("invalid container path \"" + path + "\": " + why);
    }

    /** The path percent-decoded ({@link PathEncoding#decode}); 400 when an escape is truncated or not hex. */
    static String decode(String raw) {
        return PathEncoding.decode(raw).orElseThrow(
                () -> ApiError.badRequest("invalid path \"" + raw + "\": bad percent-encoding"));
    }
}
