package io.jcadvisor.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
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
 *
 * <p>Quarkus serves the static assets with {@code Cache-Control: public, immutable, max-age=86400},
 * while this page itself is never cached: after an upgrade a browser would run yesterday's script
 * against today's page for up to a day. So the page asks for every asset with {@code ?v=} and a hash
 * of all asset contents, which changes exactly when an asset does.
 */
public final class UiPage {

    /** Registered for the native image in {@code quarkus.native.resources.includes}. */
    static final String TEMPLATE_RESOURCE = "/io/jcadvisor/web/ui.html";
    /** Every asset the template links, in a fixed order for the hash (served from {@code static/}). */
    static final List<String> ASSETS = List.of("charts.js", "containers.js", "containers.css", "favicon.svg");

    private final String template;
    private final String assetVersion;

    UiPage(String template, String assetVersion) {
        this.template = template;
        this.assetVersion = assetVersion;
    }

    /** The page from the bundled template and assets. */
    public static UiPage load() {
        // Literal names, in ASSETS order, so the native-image registration check can see each one.
        List<byte[]> assets = List.of(
                resource(UiPage.class.getResourceAsStream("/META-INF/resources/static/charts.js"), ASSETS.get(0)),
                resource(UiPage.class.getResourceAsStream("/META-INF/resources/static/containers.js"), ASSETS.get(1)),
                resource(UiPage.class.getResourceAsStream("/META-INF/resources/static/containers.css"), ASSETS.get(2)),
                resource(UiPage.class.getResourceAsStream("/META-INF/resources/static/favicon.svg"), ASSETS.get(3)));
        byte[] template = resource(UiPage.class.getResourceAsStream("/io/jcadvisor/web/ui.html"), TEMPLATE_RESOURCE);
        return new UiPage(new String(template, StandardCharsets.UTF_8), assetVersion(assets));
    }

    private static byte[] resource(InputStream stream, String name) {
        try (InputStream in = stream) {
            if (in == null) {
                throw new IllegalStateException("UI resource missing from the classpath: " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first 12 hex digits of the SHA-256 of the assets' contents, each prefixed by its length. */
    static String assetVersion(List<byte[]> assets) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (byte[] asset : assets) {
                sha.update(Integer.toString(asset.length).getBytes(StandardCharsets.US_ASCII));
                sha.update((byte) 0);
                sha.update(asset);
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
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
                .replace("{{assets}}", assetVersion)
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
