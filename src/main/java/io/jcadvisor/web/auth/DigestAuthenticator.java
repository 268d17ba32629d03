package io.jcadvisor.web.auth;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * HTTP Digest authentication (RFC 7616 with MD5, {@code qop=auth}; RFC 2617 clients speak it too)
 * against an {@link HtdigestFile}, upstream's {@code -http_digest_file}. A request passes when its
 * {@code response} is right for the user's HA1, its {@code uri} is the one requested, and its nonce
 * is ours, fresh, and used with a higher count than before ({@link DigestNonces}). Only lines of the
 * configured realm count. Pure: no I/O, MD5 only, safe on the event loop.
 */
public final class DigestAuthenticator {

    /** The outcome for one request. */
    public enum Result {
        OK,
        /** Right credentials with an expired or unknown nonce: challenge again with {@code stale=true}. */
        STALE,
        /** Missing, malformed or wrong credentials, or a replay. */
        DENIED
    }

    private final String realm;
    private final Supplier<HtdigestFile> users;
    private final DigestNonces nonces;
    private final String opaque;

    /** @param users the file as it is now (read again when it changes) */
    public DigestAuthenticator(String realm, Supplier<HtdigestFile> users, DigestNonces nonces) {
        this.realm = realm;
        this.users = users;
        this.nonces = nonces;
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        this.opaque = HexFormat.of().formatHex(bytes);
    }

    /** The {@code WWW-Authenticate} value of a 401, with a new nonce. */
    public String challenge(boolean stale) {
        return "Digest realm=" + BasicAuthenticator.quote(realm) + ", nonce=\"" + nonces.issue()
                + "\", opaque=\"" + opaque + "\", algorithm=MD5, qop=\"auth\"" + (stale ? ", stale=true" : "");
    }

    /**
     * Checks one request.
     *
     * @param method        the request method, as sent ({@code GET})
     * @param requestUri    the request target as the client sent it (path and query, with any URL prefix)
     * @param authorization the {@code Authorization} header, or null
     */
    public Result check(String method, String requestUri, String authorization) {
        Optional<Map<String, String>> parsed = DigestHeader.parse(authorization);
        if (parsed.isEmpty()) {
            return Result.DENIED;
        }
        Map<String, String> p = parsed.get();
        String user = p.get("username");
        String nonce = p.get("nonce");
        String uri = p.get("uri");
        String response = p.get("response");
        String nc = p.get("nc");
        String cnonce = p.get("cnonce");
        String algorithm = p.getOrDefault("algorithm", "MD5");
        if (user == null || nonce == null || uri == null || response == null || nc == null || cnonce == null
                || !"auth".equals(p.get("qop")) || !algorithm.equalsIgnoreCase("MD5")
                || !realm.equals(p.get("realm")) || !opaque.equals(p.getOrDefault("opaque", opaque))
                || !uri.equals(requestUri)) {
            return Result.DENIED;
        }
        long count;
        try {
            count = Long.parseUnsignedLong(nc, 16);
        } catch (NumberFormatException e) {
            return Result.DENIED;
        }
        Optional<String> ha1 = users.get().ha1(user, realm);
        if (ha1.isEmpty()) {
            return Result.DENIED;
        }
        String ha2 = md5Hex(method + ":" + uri);
        String expected = md5Hex(ha1.get() + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2);
        if (!AuthLines.equalsConstantTime(expected, response.toLowerCase(java.util.Locale.ROOT))) {
            return Result.DENIED;
        }
        return switch (nonces.use(nonce, count)) {
            case OK -> Result.OK;
            case STALE -> Result.STALE;
            case REPLAYED -> Result.DENIED;
        };
    }

    /**
     * The {@code Authentication-Info} value for a request {@link #check} accepted (RFC 7616 §3.5), as
     * upstream sends it: {@code rspauth} proves to the client that the server knows its HA1 too. Empty
     * when the user left the file since the check.
     */
    public Optional<String> authenticationInfo(String authorization) {
        Map<String, String> p = DigestHeader.parse(authorization).orElseThrow();
        Optional<String> known = users.get().ha1(p.get("username"), realm);
        if (known.isEmpty()) {
            return Optional.empty();
        }
        String ha1 = known.get();
        String rspauth = md5Hex(ha1 + ":" + p.get("nonce") + ":" + p.get("nc") + ":" + p.get("cnonce") + ":auth:"
                + md5Hex(":" + p.get("uri")));
        return Optional.of("qop=auth, rspauth=\"" + rspauth + "\", cnonce=" + BasicAuthenticator.quote(p.get("cnonce"))
                + ", nc=" + p.get("nc"));
    }

    /** Lower-case hex MD5 of the UTF-8 text. */
    static String md5Hex(String text) {
        return HexFormat.of().formatHex(Md5Crypt.md5().digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
