package io.jcadvisor.web.secure;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad web configs stop the packaged agent at start with one line naming the key and the file, before
 * any port opens; an expired certificate is served with a warning, as exporters do.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebConfigStartIT {

    private TestPki pki;
    private Path[] pair;
    private Path[] other;

    @BeforeAll
    void makeCertificates() throws IOException {
        pki = TestPki.create("jcadv-tls-start-");
        pair = pki.server("server", 0x1001);
        other = pki.server("other", 0x1002);
    }

    @AfterAll
    void removeThem() throws IOException {
        if (pki != null) {
            pki.delete();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // what the file holds ({cert}, {key}, {otherKey}, {dir} replaced) | what the one line must say
        "tls_server_config:\\n  cert_file: {dir}/none.crt\\n  key_file: {key}"
                + " | : tls_server_config.cert_file: cannot read {dir}/none.crt: no such file",
        "tls_server_config:\\n  cert_file: {cert}\\n  key_file: {dir}"
                + " | : tls_server_config.key_file: cannot read {dir}: ",
        "tls_server_config:\\n  cert_file: {cert}\\n  key_file: {otherKey}"
                + " | : tls_server_config.cert_file/key_file: the private key does not match the certificate",
        "tls_server_config:\\n  cert_file: [{cert}\\n"
                + " | : malformed YAML at line",
        "tls_server_config:\\n  cert_file: {cert}\\n  key_file: {key}\\n  cert_fiel: x"
                + " | : tls_server_config.cert_fiel: unknown key",
        "tls_server_configs:\\n  cert_file: {cert}"
                + " | : tls_server_configs: unknown key",
        "tls_server_config:\\n  cert_file: {cert}\\n  key_file: {key}\\n  client_auth_type: RequireAndVerifyClientCert"
                + " | : tls_server_config.client_ca_file: missing, client_auth_type RequireAndVerifyClientCert needs",
        "rate_limit:\\n  interval: 1s\\n  burst: 5"
                + " | : rate_limit: not supported by jcadvisor",
        "tls_server_config:\\n  cert_file: {cert}\\n  key_file: {key}\\n  cipher_suites: [TLS_NO_SUCH_SUITE]"
                + " | : tls_server_config.cipher_suites: \"TLS_NO_SUCH_SUITE\" is not a cipher suite this JVM supports",
    })
    void aBadConfigStopsStartUpWithOneLineNamingTheKeyAndTheFile(String yaml, String message) throws Exception {
        Path config = Files.createTempFile(pki.dir, "web", ".yml");
        Files.writeString(config, fill(yaml.replace("\\n", "\n")));
        AgentProcess.Result r = AgentProcess.run(config);
        assertThat(r.exit()).as(r.output()).isNotZero();
        String expected = "cadvisor.web.config-file " + config + fill(message);
        assertThat(r.output()).contains(expected).doesNotContain("\tat ").doesNotContain("Listening on");
        assertThat(r.output().lines().filter(l -> l.contains("cadvisor.web.config-file"))).hasSize(1);
    }

    @Test
    void aMissingConfigFileStopsStartUpNamingIt() throws Exception {
        AgentProcess.Result r = AgentProcess.run(pki.dir.resolve("no-such.yml"));
        assertThat(r.exit()).isNotZero();
        assertThat(r.output()).contains("cadvisor.web.config-file: cannot read " + pki.dir.resolve("no-such.yml")
                + ": no such file").doesNotContain("\tat ");
    }

    @Test
    void anExpiredCertificateIsServedWithAWarning() throws Exception {
        Path[] expired = pki.expired("expired");
        Path config = pki.dir.resolve("expired.yml");
        Files.writeString(config, "tls_server_config:\n  cert_file: %s\n  key_file: %s\n".formatted(expired[0],
                expired[1]));
        try (AgentProcess agent = AgentProcess.start(config)) {
            assertThat(agent.logText()).contains("WARN").contains("the certificate expired on 2020-01-02T00:00:00Z; "
                    + "serving it anyway");
            // served: a client that skips verification gets its page over TLS
            WebConfigIT.Response r = WebConfigIT.curl(agent.url("/healthz"), "-k");
            assertThat(r.status()).as(r.output()).isEqualTo(200);
            // a verifying client refuses it, as it should
            assertThat(WebConfigIT.curl(agent.url("/healthz"), "--cacert", pki.caCert.toString()).exit()).isNotZero();
        }
    }

    private String fill(String text) {
        return text.replace("{cert}", pair[0].toString()).replace("{key}", pair[1].toString())
                .replace("{otherKey}", other[1].toString()).replace("{dir}", pki.dir.toString());
    }
}
