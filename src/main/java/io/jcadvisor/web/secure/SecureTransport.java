package io.jcadvisor.web.secure;

import io.jcadvisor.config.CadvisorConfig;
import io.jcadvisor.host.AgentFiles;
import io.jcadvisor.manager.PeriodicJob;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The web configuration file ({@code cadvisor.web.config-file}, {@code -web.config.file}): read and
 * checked once at start, before any port opens, where every problem stops start-up with one line
 * naming the key and the file; then the TLS certificate and key files are watched, and a changed
 * pair is served from the next handshake on ({@link #CHECK_EVERY}, so within a minute).
 *
 * <p>A pair that fails to load after a change (half written, key and certificate not matching yet)
 * keeps the pair served before, with one warning until the files are good again.
 */
@ApplicationScoped
public class SecureTransport {

    /** How often the certificate and key files are looked at. */
    static final Duration CHECK_EVERY = Duration.ofSeconds(10);

    private static final Logger LOG = Logger.getLogger(SecureTransport.class);

    private final Optional<String> file;
    private final Vertx vertx;
    private final Clock clock;
    private final Instance<MeterRegistry> registry;
    private final RejectionLog handshakes;
    private final RejectionLog credentials;
    private volatile WebConfig config;
    private RotatingKeyManager keyManager;
    private Object filesVersion;
    private boolean reloadFailing;
    private PeriodicJob filesCheck;

    public SecureTransport(CadvisorConfig cadvisor, Vertx vertx, Clock clock, Instance<MeterRegistry> registry) {
        this.file = cadvisor.web().configFile().filter(f -> !f.isBlank());
        this.vertx = vertx;
        this.clock = clock;
        this.registry = registry;
        this.handshakes = new RejectionLog("TLS handshake failed", clock);
        this.credentials = new RejectionLog("wrong credentials", clock);
    }

    /**
     * Reads and checks the file before the HTTP server starts (Quarkus opens its ports after this event), and
     * starts the check for changed certificate and key files when there are any ({@link #reloadIfChanged}).
     */
    void onStart(@Observes @Priority(1) StartupEvent event) {
        load();
        if (config != null && config.tls().isPresent()
                && (config.tls().get().certFile().isPresent() || config.tls().get().keyFile().isPresent())) {
            filesCheck = PeriodicJob.every(vertx, CHECK_EVERY, "TLS certificate and key files check",
                    this::reloadIfChanged);
        }
        if (registry.isResolvable()) {
            MeterRegistry meters = registry.get();
            FunctionCounter.builder("jcadvisor.web.tls.handshake.failures", handshakes, RejectionLog::total)
                    .description("TLS handshakes on the main port that failed: not TLS, no common protocol or "
                            + "cipher, client certificate missing or not trusted, closed before the handshake")
                    .register(meters);
            FunctionCounter.builder("jcadvisor.web.auth.failures", credentials, RejectionLog::total)
                    .description("Requests on the main port refused for wrong basic_auth_users credentials")
                    .register(meters);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (filesCheck != null) {
            filesCheck.stop();
        }
    }

    /** Parses and checks the file once (idempotent); does nothing without one. */
    synchronized void load() {
        if (config != null || file.isEmpty()) {
            return;
        }
        String path = file.get();
        WebConfig parsed = WebConfigParser.parse(path, read(path, null));
        parsed.tls().ifPresent(tls -> {
            String where = WebConfigParser.OPTION + " " + path + ": tls_server_config";
            if (!tls.namedGroups().isEmpty()) {
                // JSSE reads its groups from this property once, when TLS is first used: before the server
                // starts and before the cipher check below. JVM-wide: the agent's TLS clients use them too.
                System.setProperty("jdk.tls.namedGroups", String.join(",", tls.namedGroups()));
            }
            checkCipherSuites(tls, where);
            String cert = tls.cert().orElseGet(() -> read(tls.certFile().get(), "tls_server_config.cert_file"));
            String key = tls.key().orElseGet(() -> read(tls.keyFile().get(), "tls_server_config.key_file"));
            tls.clientCaFile().ifPresent(ca -> read(ca, "tls_server_config.client_ca_file"));
            ServerKeyPair pair = ServerKeyPair.load(vertx, cert, key, where + ".cert_file/key_file", clock.instant());
            keyManager = new RotatingKeyManager(pair.keyManager);
            try {
                filesVersion = filesVersion(tls);
            } catch (IOException e) {
                throw new WebConfigException(where + ": " + firstLine(e));
            }
            LOG.infof("Web config %s: TLS on the main port, certificate %s (serial %s, valid until %s), client "
                    + "certificates: %s", path, pair.certificate.getSubjectX500Principal().getName(),
                    pair.certificate.getSerialNumber().toString(16), pair.certificate.getNotAfter().toInstant(),
                    tls.clientAuth().goName);
        });
        if (!parsed.basicAuthUsers().isEmpty()) {
            LOG.infof("Web config %s: HTTP Basic auth on every endpoint of the main port, %d users", path,
                    parsed.basicAuthUsers().size());
        }
        config = parsed;
    }

    /** The checked configuration; empty without {@code cadvisor.web.config-file}. */
    Optional<WebConfig> config() {
        load();
        return Optional.ofNullable(config);
    }

    /** The server's key manager, which follows rotations; only with TLS configured. */
    RotatingKeyManager keyManager() {
        load();
        return keyManager;
    }

    void handshakeFailed(String peer, Throwable cause) {
        handshakes.record(peer, handshakeReason(cause));
    }

    /**
     * Why a handshake failed, short: Netty's message for a non-TLS record carries the bytes received in
     * hex (a plain HTTP request, credentials included), which must not reach the log.
     */
    static String handshakeReason(Throwable cause) {
        if (cause == null) {
            return "closed";
        }
        if (cause instanceof io.netty.handler.ssl.NotSslRecordException) {
            return "not TLS (plain HTTP to the HTTPS port?)";
        }
        String line = firstLine(cause);
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    void credentialsRefused(String peer, String user) {
        credentials.record(peer, "user \"" + user + "\"");
    }

    /**
     * Serves a changed certificate/key pair from the next handshake on; every {@link #CHECK_EVERY}, one run at
     * a time. The first check comes one period after start, not at once: start-up has just read the files,
     * and a check at once could run while a start-up that failed (a bad setting found by a later observer)
     * was shutting the container down, which logged Arc's NullPointerException with its stack trace after
     * the one-line error (CI: {@code CommandLineIT}).
     */
    void reloadIfChanged() {
        WebConfig current = config;
        if (current == null || current.tls().isEmpty() || current.tls().get().certFile().isEmpty()
                && current.tls().get().keyFile().isEmpty()) {
            return;
        }
        WebConfig.Tls tls = current.tls().get();
        try {
            Object version = filesVersion(tls);
            if (version.equals(filesVersion)) {
                return;
            }
            String cert = tls.cert().isPresent() ? tls.cert().get() : AgentFiles.read(tls.certFile().get());
            String key = tls.key().isPresent() ? tls.key().get() : AgentFiles.read(tls.keyFile().get());
            ServerKeyPair pair = ServerKeyPair.load(vertx, cert, key, WebConfigParser.OPTION + " " + current.file()
                    + ": tls_server_config.cert_file/key_file", clock.instant());
            keyManager.replace(pair.keyManager);
            filesVersion = version;
            reloadFailing = false;
            LOG.infof("Web config %s: certificate changed, now serving serial %s (valid until %s)", current.file(),
                    pair.certificate.getSerialNumber().toString(16), pair.certificate.getNotAfter().toInstant());
        } catch (IOException | WebConfigException e) {
            if (!reloadFailing) {
                reloadFailing = true;
                LOG.warnf("Web config %s: changed certificate or key not loaded, the previous pair is still served: %s",
                        current.file(), e.getMessage());
            }
        }
    }

    /** A suite the JVM does not have would be dropped in silence by JSSE: refused instead. */
    private static void checkCipherSuites(WebConfig.Tls tls, String where) {
        Set<String> supported;
        try {
            supported = Set.of(SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has a default TLS context", e);
        }
        for (String suite : tls.cipherSuites()) {
            if (!supported.contains(suite)) {
                throw new WebConfigException(where + ".cipher_suites: \"" + suite + "\" is not a cipher suite this "
                        + "JVM supports");
            }
        }
    }

    private static Object filesVersion(WebConfig.Tls tls) throws IOException {
        return List.of(version(tls.certFile()), version(tls.keyFile()));
    }

    private static Object version(Optional<String> path) throws IOException {
        return path.isEmpty() ? "" : AgentFiles.version(path.get());
    }

    /**
     * Reads a file the config names (or, with a null key, the config file itself), or stops start-up
     * naming the key, the config file and the file.
     */
    String read(String path, String key) {
        try {
            return AgentFiles.read(path);
        } catch (IOException e) {
            String reason = AgentFiles.reason(e, firstLine(e));
            String config = file.orElse("");
            throw new WebConfigException(key == null ? WebConfigParser.OPTION + ": cannot read " + path + ": " + reason
                    : WebConfigParser.OPTION + " " + config + ": " + key + ": cannot read " + path + ": " + reason);
        }
    }

    private static String firstLine(Throwable e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }
}
