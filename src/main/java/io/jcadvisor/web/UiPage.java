package io.jcadvisor.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The one HTML page behind every UI route ({@code /containers/…}, {@code /docker/…}), and the path
 * arithmetic it needs. Pure: the template is read once from the classpath
 * ({@code io/jcadvisor/web/ui.html}, listed in {@code quarkus.native.resources.includes} for the
 * native image) and rendered by substitution.
 *
 * <p>The page links its assets and calls the API with URLs relative to a {@code <base href>} of
 * {@code ../} repeated once per directory level of the request path, as upstream's UI does, so it
 * works unchanged behind a reverse proxy that mounts the agent under a prefix. The browser resolves
 * relative URLs against the raw path it shows, so the depth is counted on the raw path (an empty
 * segment of {@code //} is a level too).
 */
public final class UiPage {

    /** Registered for the native image in {@code quarkus.native.resources.includes}. */
    static final String TEMPLATE_RESOURCE = "/io/jcadvisor/web/ui.html";

    private final String template;

    UiPage(String template) {
        this.template = template;
    }

    /** The page from the bundled template. */
    public static UiPage load() {
        try (InputStream in = UiPage.class.getResourceAsStream("/io/jcadvisor/web/ui.html")) {
            if (in == null) {
                throw new IllegalStateException("UI template missing from the classpath: " + TEMPLATE_RESOURCE);
            }
            return new UiPage(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The page for one request.
     *
     * @param relativePath the raw request path below the application root, without a leading slash
     *                     ({@code containers/docker/abc}); gives the {@code <base href>}
     * @param error        message shown in the page's error banner, or {@code null}; HTML-escaped here
     */
    public String render(String relativePath, String error) {
        return template.replace("{{root}}", rootFor(relativePath))
                .replace("{{error}}", error == null ? "" : escape(error))
                .replace("{{error-hidden}}", error == null ? " hidden" : "");
    }

    /** {@code ../} once per {@code /} in the path: from {@code containers/} to the application root is one level. */
    static String rootFor(String relativePath) {
        int levels = (int) relativePath.chars().filter(c -> c == '/').count();
        return levels == 0 ? "./" : "../".repeat(levels);
    }

    /**
     * The absolute container name a decoded UI path names: non-empty segments joined under {@code /}
     * ({@code ""} and {@code "/"} are the root, {@code "docker//x/"} is {@code /docker/x}), as upstream
     * cleans it with {@code path.Join}. {@code .} segments are dropped and {@code ..} climbs, so the
     * name never leaves the tree; the lookup is a map key, never a file path.
     */
    static String containerName(String decodedPath) {
        List<String> segments = new ArrayList<>();
        for (String segment : decodedPath.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (!segments.isEmpty()) {
                    segments.remove(segments.size() - 1);
                }
                continue;
            }
            segments.add(segment);
        }
        return "/" + String.join("/", segments);
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
