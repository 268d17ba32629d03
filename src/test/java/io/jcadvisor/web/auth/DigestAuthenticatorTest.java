package io.jcadvisor.web.auth;

import io.jcadvisor.testing.SettableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static io.jcadvisor.web.auth.DigestAuthenticator.Result.DENIED;
import static io.jcadvisor.web.auth.DigestAuthenticator.Result.OK;
import static io.jcadvisor.web.auth.DigestAuthenticator.Result.STALE;
import static io.jcadvisor.web.auth.DigestAuthenticator.md5Hex;
import static org.assertj.core.api.Assertions.assertThat;

/** Digest checks with a settable clock; the client side is computed here as RFC 7616 §3.4.1 says. */
class DigestAuthenticatorTest {

    private static final String REALM = "localhost";
    private static final String URI = "/containers/?a=b";

    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-27T00:00:00Z"));
    private DigestAuthenticator auth;
    private Map<String, String> challenge;

    @BeforeEach
    void setUp() {
        HtdigestFile users = HtdigestFile.parse("alice:" + REALM + ":" + md5Hex("alice:" + REALM + ":pw") + "\n"
                + "bob:elsewhere:" + md5Hex("bob:elsewhere:pw") + "\n");
        auth = new DigestAuthenticator(REALM, () -> users, new DigestNonces(clock));
        challenge = challenge(false);
    }

    private Map<String, String> challenge(boolean stale) {
        String header = auth.challenge(stale);
        assertThat(header).startsWith("Digest realm=\"localhost\", nonce=\"").contains("qop=\"auth\"")
                .contains("algorithm=MD5").contains("opaque=\"");
        return DigestHeader.parse(header).orElseThrow();
    }

    private String authorization(String user, String password, String realm, String method, String uri, int nc,
            Map<String, String> from) {
        String ncHex = String.format("%08x", nc);
        String ha1 = md5Hex(user + ":" + realm + ":" + password);
        String response = md5Hex(ha1 + ":" + from.get("nonce") + ":" + ncHex + ":c0ffee:auth:"
                + md5Hex(method + ":" + uri));
        return "Digest username=\"" + user + "\", realm=\"" + realm + "\", nonce=\"" + from.get("nonce")
                + "\", uri=\"" + uri + "\", algorithm=MD5, response=\"" + response + "\", opaque=\""
                + from.get("opaque") + "\", qop=auth, nc=" + ncHex + ", cnonce=\"c0ffee\"";
    }

    private String alice(int nc) {
        return authorization("alice", "pw", REALM, "GET", URI, nc, challenge);
    }

    @Test
    void rightCredentialsPassWithRisingCounts() {
        assertThat(auth.check("GET", URI, alice(1))).isEqualTo(OK);
        assertThat(auth.check("GET", URI, alice(2))).isEqualTo(OK);
        assertThat(auth.check("GET", URI, alice(7))).isEqualTo(OK);
    }

    @Test
    void anAcceptedRequestGetsTheServersRspauth() {
        assertThat(auth.check("GET", URI, alice(1))).isEqualTo(OK);
        String rspauth = md5Hex(md5Hex("alice:" + REALM + ":pw") + ":" + challenge.get("nonce")
                + ":00000001:c0ffee:auth:" + md5Hex(":" + URI));
        assertThat(auth.authenticationInfo(alice(1)))
                .contains("qop=auth, rspauth=\"" + rspauth + "\", cnonce=\"c0ffee\", nc=00000001");
    }

    @Test
    void aReplayedCountIsDenied() {
        assertThat(auth.check("GET", URI, alice(1))).isEqualTo(OK);
        assertThat(auth.check("GET", URI, alice(1))).isEqualTo(DENIED);
        assertThat(auth.check("GET", URI, alice(2))).isEqualTo(OK);
        assertThat(auth.check("GET", URI, alice(1))).isEqualTo(DENIED);
    }

    @Test
    void anExpiredNonceIsStaleAndANewOneWorks() {
        assertThat(auth.check("GET", URI, alice(1))).isEqualTo(OK);
        clock.advance(DigestNonces.LIFETIME.plusSeconds(1));
        assertThat(auth.check("GET", URI, alice(2))).isEqualTo(STALE);
        assertThat(auth.challenge(true)).endsWith(", stale=true");
        challenge = challenge(true);
        assertThat(auth.check("GET", URI, alice(1))).isEqualTo(OK);
    }

    @Test
    void aNonceWeNeverIssuedIsStaleOnlyWithRightCredentials() {
        Map<String, String> forged = Map.of("nonce", "00112233445566778899aabbccddeeff", "opaque",
                challenge.get("opaque"));
        assertThat(auth.check("GET", URI, authorization("alice", "pw", REALM, "GET", URI, 1, forged)))
                .isEqualTo(STALE);
        assertThat(auth.check("GET", URI, authorization("alice", "no", REALM, "GET", URI, 1, forged)))
                .isEqualTo(DENIED);
    }

    @Test
    void wrongUriMethodPasswordRealmOrUserIsDenied() {
        assertThat(auth.check("GET", "/containers/other", alice(1))).isEqualTo(DENIED);
        assertThat(auth.check("POST", URI, alice(1))).isEqualTo(DENIED);
        assertThat(auth.check("GET", URI, authorization("alice", "PW", REALM, "GET", URI, 1, challenge)))
                .isEqualTo(DENIED);
        assertThat(auth.check("GET", URI, authorization("bob", "pw", "elsewhere", "GET", URI, 1, challenge)))
                .isEqualTo(DENIED);
        assertThat(auth.check("GET", URI, authorization("eve", "pw", REALM, "GET", URI, 1, challenge)))
                .isEqualTo(DENIED);
        // the nonce is still unused: the right request passes after all those
        assertThat(auth.check("GET", URI, alice(1))).isEqualTo(OK);
    }

    @Test
    void missingOrMalformedHeadersAreDenied() {
        assertThat(auth.check("GET", URI, null)).isEqualTo(DENIED);
        assertThat(auth.check("GET", URI, "Basic YWxpY2U6cHc=")).isEqualTo(DENIED);
        assertThat(auth.check("GET", URI, "Digest")).isEqualTo(DENIED);
        assertThat(auth.check("GET", URI, "Digest username=\"alice")).isEqualTo(DENIED);
        assertThat(auth.check("GET", URI, alice(1).replace("qop=auth, ", ""))).isEqualTo(DENIED);
        assertThat(auth.check("GET", URI, alice(1).replace("algorithm=MD5", "algorithm=SHA-256"))).isEqualTo(DENIED);
        assertThat(auth.check("GET", URI, alice(1).replace(challenge.get("opaque"), "x"))).isEqualTo(DENIED);
        assertThat(auth.check("GET", URI, alice(1).replace("nc=00000001", "nc=zz"))).isEqualTo(DENIED);
        assertThat(auth.check("GET", URI, alice(1) + ", nc=00000002")).isEqualTo(DENIED);
    }

    @Test
    void noncesStayBoundedAndExpire() {
        DigestNonces nonces = new DigestNonces(clock);
        for (int i = 0; i < DigestNonces.CAPACITY + 500; i++) {
            nonces.issue();
        }
        assertThat(nonces.size()).isEqualTo(DigestNonces.CAPACITY);
        clock.advance(DigestNonces.LIFETIME.plus(Duration.ofSeconds(1)));
        assertThat(nonces.size()).isZero();
    }

    @Test
    void theOldestNonceIsPushedOutWhenFull() {
        DigestNonces nonces = new DigestNonces(clock);
        String first = nonces.issue();
        for (int i = 0; i < DigestNonces.CAPACITY; i++) {
            nonces.issue();
        }
        assertThat(nonces.use(first, 1)).isEqualTo(DigestNonces.Verdict.STALE);
    }
}
