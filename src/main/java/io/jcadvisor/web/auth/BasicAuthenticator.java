package io.jcadvisor.web.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Supplier;

/**
 * HTTP Basic authentication (RFC 7617) against an {@link HtpasswdFile}, upstream's
 * {@code -http_auth_file}. Verifying may run bcrypt: call {@link #check} off the event loop.
 */
public final class BasicAuthenticator {

    private final String realm;
    private final Supplier<HtpasswdFile> users;

    /** @param users the file as it is now (read again when it changes) */
    public BasicAuthenticator(String realm, Supplier<HtpasswdFile> users) {
        this.realm = realm;
        this.users = users;
    }

    /** The {@code WWW-Authenticate} value of a 401. */
    public String challenge() {
        return "Basic realm=" + quote(realm);
    }

    /** Whether the {@code Authorization} header (or null) carries a user and password of the file. */
    public boolean check(String authorization) {
        if (authorization == null || authorization.length() < 6
                || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // not base 64: no credentials
            return false;
        }
        int colon = decoded.indexOf(':');
        return colon >= 0 && users.get().verify(decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    /** An RFC 7230 quoted string. */
    static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
