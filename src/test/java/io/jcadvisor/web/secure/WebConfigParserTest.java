package io.jcadvisor.web.secure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The exporter-toolkit web config format, read strictly: what we honour, and one line for what we refuse. */
class WebConfigParserTest {

    private static final String HASH = "$2y$10$X0h1gDsPszWURQaxFh.zoubFi6DXncSjhoQNJgRrnGs7EsimhC7zG";

    @Test
    void everyKeyWeHonourIsRead() {
        WebConfig c = WebConfigParser.parse("/etc/web.yml", """
                tls_server_config:
                  cert_file: /tls/server.crt
                  key_file: /tls/server.key
                  client_auth_type: VerifyClientCertIfGiven
                  client_ca_file: /tls/ca.crt
                  min_version: TLS12
                  max_version: TLS13
                  cipher_suites: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]
                  prefer_server_cipher_suites: true
                  curve_preferences: [X25519, CurveP256]
                http_server_config:
                  http2: false
                  headers:
                    X-Frame-Options: deny
                    X-Content-Type-Options: nosniff
                    Content-Security-Policy: ""
                basic_auth_users:
                  alice: '%s'
                """.formatted(HASH));
        WebConfig.Tls tls = c.tls().orElseThrow();
        assertThat(tls.certFile()).contains("/tls/server.crt");
        assertThat(tls.keyFile()).contains("/tls/server.key");
        assertThat(tls.clientAuth()).isEqualTo(ClientAuthType.VERIFY_CLIENT_CERT_IF_GIVEN);
        assertThat(tls.clientCaFile()).contains("/tls/ca.crt");
        assertThat(tls.protocols()).containsExactly("TLSv1.2", "TLSv1.3");
        assertThat(tls.cipherSuites()).containsExactly("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
        assertThat(tls.namedGroups()).containsExactly("x25519", "secp256r1");
        assertThat(c.http2()).isFalse();
        // a blank header is unset, as in the toolkit
        assertThat(c.headers()).isEqualTo(Map.of("X-Frame-Options", "deny", "X-Content-Type-Options", "nosniff"));
        assertThat(c.basicAuthUsers()).isEqualTo(Map.of("alice", HASH));
    }

    @Test
    void anEmptyFileIsPlainHttpWithoutAuthentication() {
        WebConfig c = WebConfigParser.parse("/etc/web.yml", "");
        assertThat(c.tls()).isEmpty();
        assertThat(c.basicAuthUsers()).isEmpty();
        assertThat(c.http2()).isTrue();
    }

    @Test
    void defaultsAreTheToolkits() {
        WebConfig.Tls tls = WebConfigParser.parse("/w.yml", "tls_server_config:\n  cert_file: a\n  key_file: b\n")
                .tls().orElseThrow();
        assertThat(tls.clientAuth()).isEqualTo(ClientAuthType.NO_CLIENT_CERT);
        assertThat(tls.protocols()).containsExactly("TLSv1.2", "TLSv1.3");
        assertThat(tls.cipherSuites()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "NoClientCert               | false | false | false",
        "RequestClientCert          | true  | false | false",
        "RequireAnyClientCert       | true  | true  | false",
        "VerifyClientCertIfGiven    | true  | false | true",
        "RequireAndVerifyClientCert | true  | true  | true",
    })
    void everyClientAuthTypeMapsOntoWhatJsseDoes(String name, boolean requests, boolean requires, boolean verifies) {
        ClientAuthType type = ClientAuthType.of(name);
        assertThat(List.of(type.requests, type.requires, type.verifies)).containsExactly(requests, requires, verifies);
    }

    @Test
    void inlinePemIsTakenInsteadOfFiles() {
        WebConfig.Tls tls = WebConfigParser.parse("/w.yml", """
                tls_server_config:
                  cert: |
                    -----BEGIN CERTIFICATE-----
                  key: |
                    -----BEGIN PRIVATE KEY-----
                """).tls().orElseThrow();
        assertThat(tls.cert()).hasValueSatisfying(v -> assertThat(v).startsWith("-----BEGIN CERTIFICATE-----"));
        assertThat(tls.certFile()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "tls_server_config:\\n  cert_file: a\\n  key_file: b\\n  bogus: 1 | tls_server_config.bogus: unknown key",
        "web:\\n  x: 1 | web: unknown key",
        "http_server_config:\\n  headers:\\n    Server: x | http_server_config.headers.Server: this header cannot be configured",
        "http_server_config:\\n  headers:\\n    X-Frame-Options: allow | http_server_config.headers.X-Frame-Options: \"allow\" is not deny or sameorigin",
        "http_server_config:\\n  http2: maybe | http_server_config.http2: true or false expected, not \"maybe\"",
        "basic_auth_users:\\n  bob: plain | basic_auth_users.bob: not a bcrypt hash",
        "rate_limit:\\n  interval: 1s | rate_limit: not supported by jcadvisor",
        "tls_server_config:\\n  cert_file: a\\n  key_file: b\\n  client_allowed_sans: [x] | tls_server_config.client_allowed_sans: not supported by jcadvisor",
        "tls_server_config:\\n  cert_file: a\\n  key_file: b\\n  prefer_server_cipher_suites: false | tls_server_config.prefer_server_cipher_suites: false is not supported",
        "tls_server_config:\\n  cert_file: a\\n  key_file: b\\n  min_version: TLS14 | tls_server_config.min_version: unknown TLS version \"TLS14\"",
        "tls_server_config:\\n  cert_file: a\\n  key_file: b\\n  min_version: TLS13\\n  max_version: TLS12 | tls_server_config.max_version: TLS12 is older than min_version TLS13",
        "tls_server_config:\\n  cert_file: a\\n  key_file: b\\n  client_auth_type: Sometimes | tls_server_config.client_auth_type: unknown client auth type \"Sometimes\"",
        "tls_server_config:\\n  cert_file: a\\n  key_file: b\\n  client_ca_file: ca | tls_server_config.client_ca_file: set without a client_auth_type",
        "tls_server_config:\\n  cert_file: a\\n  key_file: b\\n  curve_preferences: [X25519MLKEM768] | tls_server_config.curve_preferences: unknown or unsupported curve \"X25519MLKEM768\"",
        "tls_server_config:\\n  key_file: b | tls_server_config.cert_file: missing",
        "tls_server_config:\\n  cert_file: a\\n  cert: x\\n  key_file: b | tls_server_config.cert and cert_file are both set",
        "tls_server_config: [a | malformed YAML at line 1",
        "- a\\n- b | the top level: a mapping (key: value lines) is expected",
    })
    void whatWeCannotHonourIsRefusedWithOneLineNamingTheFileAndKey(String yaml, String message) {
        assertThatThrownBy(() -> WebConfigParser.parse("/etc/web.yml", yaml.replace("\\n", "\n")))
                .isInstanceOf(WebConfigException.class)
                .hasMessageStartingWith("cadvisor.web.config-file /etc/web.yml: " + message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
