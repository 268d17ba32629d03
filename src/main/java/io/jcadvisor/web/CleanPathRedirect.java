package io.jcadvisor.web;

import io.jcadvisor.config.CadvisorConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Upstream's Go {@code ServeMux} path handling ({@code docs/api.md} §1.1 "Path cleaning"), as a route filter
 * ahead of every route but {@link UrlBasePrefix}'s, on the path that filter already stripped:
 * <ul>
 * <li>a non-canonical path ({@code //}, {@code /./}, {@code ..}, judged on the percent-decoded path as
 * Go does) answers 301 to the path cleaned like Go's {@code path.Clean}, a trailing slash kept;
 * <li>{@code /api} and {@code /validate} answer 301 to {@code /api/} and {@code /validate/} (Go
 * redirects a subtree pattern's bare name; {@code /containers}, {@code /docker} are redirected by
 * {@code UiResource}, and {@code /podman} is upstream's catch-all quirk there);
 * <li>{@code /metrics/} and {@code /healthz/}, which upstream registers as exact paths only, are unknown
 * paths here too (404, as every unknown path).
 * </ul>
 * The {@code Location} is the absolute path with the {@code -url_base_prefix} put back and the query
 * kept, as upstream's mux (registered under the prefix) answers.
 *
 * <p>One exception keeps our API check ({@code ApiPath}): a container name under
 * {@code /api/<version>/<type>/} with a {@code .} or {@code ..} segment, plain or percent-encoded, is
 * not redirected but refused there with 400, so a request that tried to climb out of the cgroup tree
 * is answered as such instead of being quietly sent to another name. A path that is not valid
 * percent-encoding passes unchanged to the route, which refuses it. Quarkus' own {@code /q/} paths are
 * left alone. The UI authentication filter runs after this one, so it only ever sees clean paths.
 */
@ApplicationScoped
public class CleanPathRedirect {

    /** Right after {@link UrlBasePrefix} ({@code MIN_VALUE}) and before the UI authentication filter. */
    public static final int ORDER = Integer.MIN_VALUE + 1;

    private final String prefix;

    public CleanPathRedirect(CadvisorConfig config) {
        this.prefix = UrlBasePrefix.normalize(config.urlBasePrefix().orElse(""));
    }

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::filter);
    }

    void filter(RoutingContext rc) {
        String raw = rc.request().path();
        if (raw == null || !raw.startsWith("/") || raw.startsWith("/q/")) {
            rc.next();
            return;
        }
        Optional<String> decoded = PathEncoding.decode(raw);
        if (decoded.isEmpty()) {
            rc.next();
            return;
        }
        String path = decoded.get();
        if (path.equals("/metrics/") || path.equals("/healthz/")) {
            rc.response().setStatusCode(404).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                    .putHeader("X-Content-Type-Options", "nosniff")
                    .end("not found: " + path + " (did you mean " + path.substring(0, path.length() - 1) + "?)\n");
            return;
        }
        String target = null;
        if (path.equals("/api") || path.equals("/validate")) {
            target = path + "/";
        } else if (!climbsInContainerName(path)) {
            String clean = clean(path);
            if (!clean.equals(path)) {
                target = clean;
            }
        }
        if (target == null) {
            rc.next();
            return;
        }
        String query = rc.request().query();
        rc.response().setStatusCode(301)
                .putHeader(HttpHeaders.LOCATION, prefix + encode(target) + (query == null ? "" : "?" + query))
                .end();
    }

    /**
     * Whether a decoded path is an API request whose container name (the segments after
     * {@code /api/<version>/<type>/}) has a {@code .} or {@code ..} segment.
     */
    static boolean climbsInContainerName(String decoded) {
        String[] segments = decoded.split("/");
        int index = 0;
        for (String segment : segments) {
            if (segment.isEmpty()) {
                continue;
            }
            if (index == 0 && !segment.equals("api")) {
                return false;
            }
            if (index >= 3 && (segment.equals(".") || segment.equals(".."))) {
                return true;
            }
            index++;
        }
        return false;
    }

    /**
     * Go's {@code path.Clean} of an absolute path (repeated slashes folded, {@code .} dropped,
     * {@code ..} removing the segment before it and never climbing above the root), plus
     * {@code ServeMux}'s rule that a trailing slash stays when the result is not {@code /}.
     */
    static String clean(String path) {
        Deque<String> kept = new ArrayDeque<>();
        for (String segment : path.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                kept.pollLast();
            } else {
                kept.addLast(segment);
            }
        }
        StringBuilder out = new StringBuilder();
        for (String segment : kept) {
            out.append('/').append(segment);
        }
        if (out.length() == 0) {
            return "/";
        }
        if (path.endsWith("/")) {
            out.append('/');
        }
        return out.toString();
    }

    /**
     * A decoded path as it goes into a {@code Location}: RFC 3986 path characters (unreserved,
     * sub-delims, {@code :}, {@code @}, {@code /}) as they are, every other byte of the UTF-8 form
     * percent-encoded, so the header can carry neither a query nor a line break of the path's making.
     */
    static String encode(String path) {
        StringBuilder out = new StringBuilder(path.length());
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~!$&'()*+,;=:@/".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
