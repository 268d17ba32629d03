package io.jcadvisor.web.secure;

import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.TrustOptions;
import jakarta.enterprise.context.ApplicationScoped;

import javax.net.ssl.SSLContext;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Gives Quarkus' HTTPS server what {@code tls_server_config} says: Quarkus starts that server only
 * when a customizer supplies a key, so without a web config (or without its TLS part) nothing
 * changes. {@link TlsPortConfigSource} moves that server to {@code -port} and turns plain HTTP off.
 *
 * <p>Everything here is Vert.x/JSSE configuration: the key comes through {@link RotatingKeyManager},
 * client certificates are checked by a JDK trust manager built by Vert.x from the CA's PEM (or, for the
 * two client auth types Go does not verify, accepted as Go accepts them, through Netty's
 * {@link InsecureTrustManagerFactory}).
 */
@ApplicationScoped
public class TlsServerCustomizer implements HttpServerOptionsCustomizer {

    private final SecureTransport transport;

    public TlsServerCustomizer(SecureTransport transport) {
        this.transport = transport;
    }

    @Override
    public void customizeHttpsServer(HttpServerOptions options) {
        WebConfig config = transport.config().orElse(null);
        if (config == null || config.tls().isEmpty()) {
            return;
        }
        WebConfig.Tls tls = config.tls().get();
        options.setKeyCertOptions(KeyCertOptions.wrap(transport.keyManager()));
        ClientAuthType auth = tls.clientAuth();
        options.setClientAuth(!auth.requests ? ClientAuth.NONE : auth.requires ? ClientAuth.REQUIRED : ClientAuth.REQUEST);
        if (auth.verifies) {
            String ca = tls.clientCa().orElseGet(() -> transport.read(tls.clientCaFile().get(),
                    "tls_server_config.client_ca_file"));
            options.setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(ca.getBytes(StandardCharsets.UTF_8))));
        } else if (auth.requests) {
            // RequestClientCert / RequireAnyClientCert: Go asks for a certificate and does not check it
            options.setTrustOptions(TrustOptions.wrap(InsecureTrustManagerFactory.INSTANCE.getTrustManagers()[0]));
        }
        options.setEnabledSecureTransportProtocols(new LinkedHashSet<>(tls.protocols()));
        if (!tls.cipherSuites().isEmpty()) {
            options.getEnabledCipherSuites().clear();
            tls.cipherSuites().forEach(options::addEnabledCipherSuite);
            if (tls.protocols().contains("TLSv1.3")) {
                // Go's cipher_suites covers TLS 1.2 and older only; TLS 1.3 keeps its own suites, as in Go
                tls13Suites().forEach(options::addEnabledCipherSuite);
            }
        }
        options.setUseAlpn(config.http2());
        options.setAlpnVersions(config.http2() ? List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1)
                : List.of(HttpVersion.HTTP_1_1));
        JdkSSLEngineOptions engine = options.getSslEngineOptions() instanceof JdkSSLEngineOptions jdk ? jdk
                : new JdkSSLEngineOptions();
        options.setSslEngineOptions(new CountingSslEngineOptions(engine, transport::handshakeFailed));
    }

    /** The JVM's enabled TLS 1.3 suites, in its order. */
    static Set<String> tls13Suites() {
        Set<String> suites = new LinkedHashSet<>();
        try {
            for (String suite : SSLContext.getDefault().getDefaultSSLParameters().getCipherSuites()) {
                if (suite.startsWith("TLS_AES_") || suite.startsWith("TLS_CHACHA20_")) {
                    suites.add(suite);
                }
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has a default TLS context", e);
        }
        return suites;
    }
}
