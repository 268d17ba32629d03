package io.jcadvisor.web.secure;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A web configuration file in the Prometheus exporter-toolkit format, as {@link WebConfigParser} read
 * it: everything it holds is honoured (what we cannot honour was refused while parsing).
 *
 * @param file           the file's path, for messages
 * @param tls            {@code tls_server_config}; empty = plain HTTP
 * @param basicAuthUsers {@code basic_auth_users}: user name → bcrypt hash; empty = no authentication
 * @param http2          {@code http_server_config.http2}: offer HTTP/2 by ALPN (TLS only)
 * @param headers        {@code http_server_config.headers}: set on every response, blank ones left out
 */
public record WebConfig(String file, Optional<Tls> tls, Map<String, String> basicAuthUsers, boolean http2,
        Map<String, String> headers) {

    /**
     * {@code tls_server_config}. The certificate and key come as files (watched for rotation) or inline
     * PEM; so does the client CA.
     *
     * @param certFile        {@code cert_file}, or empty when {@code cert} is inline
     * @param keyFile         {@code key_file}, or empty when {@code key} is inline
     * @param cert            {@code cert}: inline PEM
     * @param key             {@code key}: inline PEM
     * @param clientAuth      {@code client_auth_type}
     * @param clientCaFile    {@code client_ca_file}
     * @param clientCa        {@code client_ca}: inline PEM
     * @param protocols       JSSE protocol names from {@code min_version} to {@code max_version}
     * @param cipherSuites    {@code cipher_suites} (IANA names, which Go and JSSE share); empty = the JVM's
     * @param namedGroups     {@code curve_preferences} as JSSE named groups; empty = the JVM's
     */
    public record Tls(Optional<String> certFile, Optional<String> keyFile, Optional<String> cert,
            Optional<String> key, ClientAuthType clientAuth, Optional<String> clientCaFile, Optional<String> clientCa,
            List<String> protocols, List<String> cipherSuites, List<String> namedGroups) {
    }
}
