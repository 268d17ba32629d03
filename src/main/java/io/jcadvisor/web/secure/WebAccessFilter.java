package io.jcadvisor.web.secure;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code basic_auth_users} and {@code http_server_config.headers} in front of every route of the main
 * port: the API, {@code /metrics}, the UI, {@code /healthz}, {@code /validate/}, static files, and the
 * 404s too. The first route of all, ahead of the URL prefix filter (a reroute passes here again, and
 * is let through once the request is authorized). The probes live on the management port, which this
 * filter does not see.
 *
 * <p>bcrypt costs tens of milliseconds at cost 10, too much for every scrape: as the exporter toolkit
 * does, a user's last good password is remembered (as its SHA-256 with the hash it matched, one entry
 * per configured user, so the memory is bounded by the file), and checked again by bcrypt only when it
 * differs. Checks run off the event loop with the request paused.
 */
@ApplicationScoped
public class WebAccessFilter {

    private static final String AUTHORIZED = "jcadvisor.web.authorized";
    private static final String UNAUTHORIZED = "401 Unauthorized\n";

    private final SecureTransport transport;
    /** user → SHA-256 of "password:hash" last verified by bcrypt. */
    private final Map<String, byte[]> verified = new ConcurrentHashMap<>();

    public WebAccessFilter(SecureTransport transport) {
        this.transport = transport;
    }

    void install(@Observes @Priority(1) Router router) {
        WebConfig config = transport.config().orElse(null);
        if (config != null && (!config.basicAuthUsers().isEmpty() || !config.headers().isEmpty())) {
            router.route().order(Integer.MIN_VALUE).handler(rc -> filter(rc, config));
        }
    }

    void filter(RoutingContext rc, WebConfig config) {
        config.headers().forEach(rc.response()::putHeader);
        if (config.basicAuthUsers().isEmpty() || Boolean.TRUE.equals(rc.get(AUTHORIZED))) {
            rc.next();
            return;
        }
        String[] credentials = credentials(rc.request().getHeader(HttpHeaders.AUTHORIZATION));
        if (credentials == null) {
            deny(rc);
            return;
        }
        String user = credentials[0];
        String hash = config.basicAuthUsers().get(user);
        if (hash == null) {
            transport.credentialsRefused(peer(rc), user);
            deny(rc);
            return;
        }
        byte[] digest = sha256(credentials[1] + ":" + hash);
        byte[] known = verified.get(user);
        if (known != null && MessageDigest.isEqual(known, digest)) {
            allow(rc);
            return;
        }
        if (!rc.request().isEnded()) {
            rc.request().pause();
        }
        // Go's bcrypt, like the toolkit, treats every version prefix alike; Elytron decodes $2a$
        rc.vertx().executeBlocking(() -> BcryptUtil.matches(credentials[1], "$2a$" + hash.substring(4)), false)
                .onComplete(ar -> {
                    rc.request().resume();
                    if (ar.succeeded() && ar.result()) {
                        verified.put(user, digest);
                        allow(rc);
                    } else {
                        transport.credentialsRefused(peer(rc), user);
                        deny(rc);
                    }
                });
    }

    private static void allow(RoutingContext rc) {
        rc.put(AUTHORIZED, true);
        rc.next();
    }

    /** {@code [user, password]} of a Basic {@code Authorization} header, or null. */
    static String[] credentials(String authorization) {
        if (authorization == null || authorization.length() < 6
                || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // not base 64: no credentials
            return null;
        }
        int colon = decoded.indexOf(':');
        return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    }

    private static String peer(RoutingContext rc) {
        return String.valueOf(rc.request().remoteAddress());
    }

    private static void deny(RoutingContext rc) {
        rc.response().setStatusCode(401)
                .putHeader("WWW-Authenticate", "Basic")
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                .end(UNAUTHORIZED);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
