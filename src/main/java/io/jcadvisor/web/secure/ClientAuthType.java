package io.jcadvisor.web.secure;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * {@code tls_server_config.client_auth_type}: Go's {@code tls.ClientAuthType} names, as the exporter
 * toolkit takes them, each mapped onto what JSSE can do: whether a client certificate is asked for,
 * required, and checked against {@code client_ca_file}.
 */
enum ClientAuthType {
    NO_CLIENT_CERT("NoClientCert", false, false, false),
    REQUEST_CLIENT_CERT("RequestClientCert", true, false, false),
    REQUIRE_ANY_CLIENT_CERT("RequireAnyClientCert", true, true, false),
    VERIFY_CLIENT_CERT_IF_GIVEN("VerifyClientCertIfGiven", true, false, true),
    REQUIRE_AND_VERIFY_CLIENT_CERT("RequireAndVerifyClientCert", true, true, true);

    final String goName;
    /** The server asks the client for a certificate. */
    final boolean requests;
    /** The handshake fails without one. */
    final boolean requires;
    /** A certificate given must chain to {@code client_ca_file}. */
    final boolean verifies;

    ClientAuthType(String goName, boolean requests, boolean requires, boolean verifies) {
        this.goName = goName;
        this.requests = requests;
        this.requires = requires;
        this.verifies = verifies;
    }

    /** @throws IllegalArgumentException listing the known names */
    static ClientAuthType of(String goName) {
        for (ClientAuthType type : values()) {
            if (type.goName.equals(goName)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown client auth type \"" + goName + "\" (one of "
                + Arrays.stream(values()).map(t -> t.goName).collect(Collectors.joining(", ")) + ")");
    }
}
