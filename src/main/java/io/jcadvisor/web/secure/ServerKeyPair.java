package io.jcadvisor.web.secure;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import org.jboss.logging.Logger;

import javax.net.ssl.KeyManager;
import javax.net.ssl.X509ExtendedKeyManager;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * The server's certificate chain and private key, loaded by Vert.x from PEM (no parsing of our own)
 * and checked before they are served: the key must belong to the certificate (a test signature with
 * the key verifies under the certificate's public key, through the JDK's {@link Signature}), and an
 * expired or not yet valid certificate is served with a warning, as exporters do.
 */
final class ServerKeyPair {

    private static final Logger LOG = Logger.getLogger(ServerKeyPair.class);
    private static final List<String> KEY_TYPES = List.of("RSA", "EC", "EdDSA", "Ed25519", "RSASSA-PSS", "DSA");

    final X509ExtendedKeyManager keyManager;
    final X509Certificate certificate;

    private ServerKeyPair(X509ExtendedKeyManager keyManager, X509Certificate certificate) {
        this.keyManager = keyManager;
        this.certificate = certificate;
    }

    /**
     * @param certPem the certificate chain, leaf first
     * @param keyPem  its private key (PKCS#8 or PKCS#1)
     * @param where   names the option, the file and the keys, for messages
     * @throws WebConfigException when the PEM cannot be read or the key does not match the certificate
     */
    static ServerKeyPair load(Vertx vertx, String certPem, String keyPem, String where, Instant now) {
        X509ExtendedKeyManager keyManager;
        try {
            PemKeyCertOptions pem = new PemKeyCertOptions()
                    .setCertValue(Buffer.buffer(certPem.getBytes(StandardCharsets.UTF_8)))
                    .setKeyValue(Buffer.buffer(keyPem.getBytes(StandardCharsets.UTF_8)));
            KeyManager[] managers = pem.getKeyManagerFactory(vertx).getKeyManagers();
            keyManager = (X509ExtendedKeyManager) managers[0];
        } catch (Exception e) {
            throw new WebConfigException(where + ": cannot load the certificate and key: " + reason(e));
        }
        String alias = null;
        for (String type : KEY_TYPES) {
            String[] aliases = keyManager.getServerAliases(type, null);
            if (aliases != null && aliases.length > 0) {
                alias = aliases[0];
                break;
            }
        }
        X509Certificate[] chain = alias == null ? null : keyManager.getCertificateChain(alias);
        PrivateKey key = alias == null ? null : keyManager.getPrivateKey(alias);
        if (chain == null || chain.length == 0 || key == null) {
            throw new WebConfigException(where + ": no certificate with its private key found in the PEM");
        }
        X509Certificate leaf = chain[0];
        if (!matches(key, leaf)) {
            throw new WebConfigException(where + ": the private key does not match the certificate (subject "
                    + leaf.getSubjectX500Principal().getName() + ")");
        }
        try {
            leaf.checkValidity(Date.from(now));
        } catch (CertificateExpiredException e) {
            LOG.warnf("%s: the certificate expired on %s; serving it anyway, clients will refuse it", where,
                    leaf.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            LOG.warnf("%s: the certificate is not valid before %s; serving it anyway", where,
                    leaf.getNotBefore().toInstant());
        }
        return new ServerKeyPair(keyManager, leaf);
    }

    /** Signs a fixed message with the key and verifies it with the certificate's public key. */
    private static boolean matches(PrivateKey key, X509Certificate cert) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519", "Ed448" -> key.getAlgorithm();
            case "DSA" -> "SHA256withDSA";
            default -> null;
        };
        if (algorithm == null) {
            // RSASSA-PSS and the like need parameters: left to the handshake to prove
            return cert.getPublicKey().getAlgorithm().equals(key.getAlgorithm());
        }
        try {
            byte[] message = "jcadvisor key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(message);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(cert.getPublicKey());
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            // a key of one type and a certificate of another cannot even be tried together
            return false;
        }
    }

    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }
}
