package io.jcadvisor.web.secure;

import io.netty.handler.ssl.DelegatingSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.spi.tls.SslContextFactory;

import javax.net.ssl.SSLEngine;
import java.util.function.BiConsumer;

/**
 * Vert.x's JDK TLS engine, unchanged but for one hook: every server-side TLS connection reports a
 * failed handshake (not TLS at all, no common protocol or cipher, a client certificate missing or not
 * trusted) to {@code onFailure}, so failures are counted and logged by us rather than lost in Netty.
 */
final class CountingSslEngineOptions extends JdkSSLEngineOptions {

    private final BiConsumer<String, Throwable> onFailure;

    /** @param onFailure gets the peer address and the handshake's failure */
    CountingSslEngineOptions(JdkSSLEngineOptions base, BiConsumer<String, Throwable> onFailure) {
        super(base);
        this.onFailure = onFailure;
    }

    @Override
    public CountingSslEngineOptions copy() {
        return new CountingSslEngineOptions(this, onFailure);
    }

    @Override
    public SslContextFactory sslContextFactory() {
        SslContextFactory factory = super.sslContextFactory();
        return new SslContextFactory() {
            @Override
            public SslContextFactory useAlpn(boolean useAlpn) {
                factory.useAlpn(useAlpn);
                return this;
            }

            @Override
            public SslContextFactory clientAuth(io.netty.handler.ssl.ClientAuth clientAuth) {
                factory.clientAuth(clientAuth);
                return this;
            }

            @Override
            public SslContextFactory forClient(boolean forClient) {
                factory.forClient(forClient);
                return this;
            }

            @Override
            public SslContextFactory keyMananagerFactory(javax.net.ssl.KeyManagerFactory kmf) {
                factory.keyMananagerFactory(kmf);
                return this;
            }

            @Override
            public SslContextFactory trustManagerFactory(javax.net.ssl.TrustManagerFactory tmf) {
                factory.trustManagerFactory(tmf);
                return this;
            }

            @Override
            public SslContextFactory enabledCipherSuites(java.util.Set<String> suites) {
                factory.enabledCipherSuites(suites);
                return this;
            }

            @Override
            public SslContextFactory applicationProtocols(java.util.List<String> protocols) {
                factory.applicationProtocols(protocols);
                return this;
            }

            @Override
            public SslContextFactory serverName(String serverName) {
                factory.serverName(serverName);
                return this;
            }

            @Override
            public SslContext create() throws javax.net.ssl.SSLException {
                SslContext context = factory.create();
                return context.isClient() ? context : new Counting(context);
            }
        };
    }

    private final class Counting extends DelegatingSslContext {
        Counting(SslContext context) {
            super(context);
        }

        @Override
        protected void initEngine(SSLEngine engine) {
            // nothing to change on the engine
        }

        @Override
        protected void initHandler(SslHandler handler) {
            handler.handshakeFuture().addListener(done -> {
                if (!done.isSuccess()) {
                    String peer = handler.engine().getPeerHost() == null ? "unknown peer"
                            : handler.engine().getPeerHost() + ":" + handler.engine().getPeerPort();
                    onFailure.accept(peer, done.cause());
                }
            });
        }
    }
}
