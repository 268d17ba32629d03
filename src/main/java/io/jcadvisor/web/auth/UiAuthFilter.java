package io.jcadvisor.web.auth;

import io.jcadvisor.config.CadvisorConfig;
import io.jcadvisor.web.CleanPathRedirect;
import io.jcadvisor.web.UrlBasePrefix;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Upstream's {@code -http_auth_file} (Basic) or {@code -http_digest_file} (Digest, ignored when both
 * are set) in front of the UI: {@code /containers/…}, {@code /docker/…}, {@code /podman/…} and
 * {@code /static/…}, the paths after any {@code -url_base_prefix}. Everything else, the API,
 * {@code /metrics}, {@code /healthz}, {@code /validate/} and the {@code /} redirect, stays open, as
 * upstream (the {@code /q/} probes are on the management port; a web config protects everything,
 * see {@code io.jcadvisor.web.secure}).
 *
 * <p>A route filter ahead of every route but {@link UrlBasePrefix}'s and {@link CleanPathRedirect}'s, so
 * static files and REST pages alike are covered, and it sees the path the prefix filter already
 * stripped and that the redirect filter found clean. The files are read once
 * at start, where a missing or unreadable one stops start-up naming the key and the file, and again
 * when they change ({@link AuthFile}).
 */
@ApplicationScoped
public class UiAuthFilter {

    /** The UI's path roots, protected with everything under them. */
    static final List<String> PROTECTED = List.of("/containers/", "/docker/", "/podman/", "/static/");

    private static final Logger LOG = Logger.getLogger(UiAuthFilter.class);
    private static final String UNAUTHORIZED = "401 Unauthorized\n";

    private final BasicAuthenticator basic;
    private final DigestAuthenticator digest;
    private final String prefix;

    public UiAuthFilter(CadvisorConfig config, Clock clock) {
        CadvisorConfig.Http http = config.http();
        Optional<String> authFile = http.authFile().filter(f -> !f.isBlank());
        Optional<String> digestFile = http.digestFile().filter(f -> !f.isBlank());
        this.prefix = UrlBasePrefix.normalize(config.urlBasePrefix().orElse(""));
        if (authFile.isPresent()) {
            AuthFile<HtpasswdFile> users = new AuthFile<>("cadvisor.http.auth-file", authFile.get(),
                    HtpasswdFile::parse, HtpasswdFile::warnings, clock);
            LOG.infof("UI: HTTP Basic auth, realm \"%s\", %d users from %s", http.authRealm(), users.get().size(),
                    authFile.get());
            if (digestFile.isPresent()) {
                LOG.warnf("UI: cadvisor.http.digest-file %s is ignored: cadvisor.http.auth-file is set",
                        digestFile.get());
            }
            this.basic = new BasicAuthenticator(http.authRealm(), users);
            this.digest = null;
        } else if (digestFile.isPresent()) {
            AuthFile<HtdigestFile> users = new AuthFile<>("cadvisor.http.digest-file", digestFile.get(),
                    HtdigestFile::parse, HtdigestFile::warnings, clock);
            LOG.infof("UI: HTTP Digest auth, realm \"%s\", %d users of that realm from %s", http.digestRealm(),
                    users.get().users(http.digestRealm()), digestFile.get());
            this.basic = null;
            this.digest = new DigestAuthenticator(http.digestRealm(), users, new DigestNonces(clock));
        } else {
            this.basic = null;
            this.digest = null;
        }
    }

    /** Whether the UI is behind authentication at all. */
    boolean enabled() {
        return basic != null || digest != null;
    }

    void install(@Observes Router router) {
        if (enabled()) {
            // After UrlBasePrefix (MIN_VALUE), which reroutes the stripped path through here again, and
            // after CleanPathRedirect, which answers every non-canonical spelling with a redirect.
            router.route().order(CleanPathRedirect.ORDER + 1).handler(this::filter);
        }
    }

    /** Whether a path (after the URL prefix) belongs to the UI. */
    static boolean isProtected(String path) {
        for (String root : PROTECTED) {
            if (path.startsWith(root)) {
                return true;
            }
        }
        return false;
    }

    void filter(RoutingContext rc) {
        // Vert.x's normalized path has dot segments resolved and unreserved %-escapes decoded, as
        // routing sees it; "//" is folded here too so no spelling of a UI path slips past.
        String path = rc.normalizedPath().replaceAll("/{2,}", "/");
        if (!isProtected(path)) {
            rc.next();
            return;
        }
        String authorization = rc.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (digest != null) {
            DigestAuthenticator.Result result = digest.check(rc.request().method().name(),
                    prefix + rc.request().uri(), authorization);
            if (result == DigestAuthenticator.Result.OK) {
                digest.authenticationInfo(authorization)
                        .ifPresent(info -> rc.response().putHeader("Authentication-Info", info));
                rc.next();
            } else {
                deny(rc, digest.challenge(result == DigestAuthenticator.Result.STALE));
            }
            return;
        }
        if (authorization == null) {
            deny(rc, basic.challenge());
            return;
        }
        // bcrypt costs milliseconds to seconds: off the event loop, the request paused meanwhile
        if (!rc.request().isEnded()) {
            rc.request().pause();
        }
        rc.vertx().executeBlocking(() -> basic.check(authorization), false).onComplete(ar -> {
            rc.request().resume();
            if (ar.succeeded() && ar.result()) {
                rc.next();
            } else {
                if (ar.failed()) {
                    LOG.warnf("UI: checking a password failed: %s", ar.cause().toString());
                }
                deny(rc, basic.challenge());
            }
        });
    }

    private static void deny(RoutingContext rc, String challenge) {
        rc.response().setStatusCode(401)
                .putHeader("WWW-Authenticate", challenge)
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                .putHeader("X-Content-Type-Options", "nosniff")
                .end(UNAUTHORIZED);
    }
}
