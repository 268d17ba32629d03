package io.jcadvisor.web.secure;

import io.jcadvisor.testing.Commands;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Certificates made for a test with the real {@code openssl} (Debian's, on every host): a CA, server
 * certificates for {@code localhost}/{@code 127.0.0.1} with a chosen serial, client certificates signed by
 * that CA or by a stranger, and an expired one. Everything lives in one directory the test removes.
 */
final class TestPki {

    final Path dir;
    final Path caCert;
    private final Path caKey;

    private TestPki(Path dir) throws IOException {
        this.dir = dir;
        this.caCert = dir.resolve("ca.crt");
        this.caKey = dir.resolve("ca.key");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", caKey.toString(), "-out",
                caCert.toString(), "-days", "2", "-subj", "/CN=jcadvisor test CA");
    }

    static TestPki create(String prefix) throws IOException {
        return new TestPki(Files.createTempDirectory(prefix));
    }

    /** A server certificate for localhost and 127.0.0.1, signed by the CA: {@code name.crt}, {@code name.key}. */
    Path[] server(String name, long serial) throws IOException {
        return signed(name, "/CN=localhost", serial, "2", "subjectAltName=DNS:localhost,IP:127.0.0.1");
    }

    /** A client certificate signed by the CA. */
    Path[] client(String name) throws IOException {
        return signed(name, "/CN=" + name, 0x2001, "2", "extendedKeyUsage=clientAuth");
    }

    /** A self-signed client certificate the CA never saw. */
    Path[] stranger(String name) throws IOException {
        Path key = dir.resolve(name + ".key");
        Path cert = dir.resolve(name + ".crt");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out", cert.toString(),
                "-days", "1", "-subj", "/CN=" + name);
        return new Path[] {cert, key};
    }

    /** A server certificate whose validity ended yesterday. */
    Path[] expired(String name) throws IOException {
        Path key = dir.resolve(name + ".key");
        Path cert = dir.resolve(name + ".crt");
        Path csr = dir.resolve(name + ".csr");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out", csr.toString(),
                "-subj", "/CN=localhost");
        // openssl x509 cannot back-date; the ca command can, with a throw-away database
        Path db = dir.resolve(name + "-db");
        Files.createDirectories(db);
        Files.writeString(db.resolve("index.txt"), "");
        Files.writeString(db.resolve("serial"), "3001\n");
        Path conf = db.resolve("ca.cnf");
        Files.writeString(conf, """
                [ca]
                default_ca = test
                [test]
                database = %s/index.txt
                serial = %s/serial
                new_certs_dir = %s
                default_md = sha256
                policy = any
                [any]
                commonName = supplied
                """.formatted(db, db, db));
        openssl("ca", "-batch", "-config", conf.toString(), "-cert", caCert.toString(), "-keyfile", caKey.toString(),
                "-in", csr.toString(), "-out", cert.toString(), "-startdate", "20200101000000Z", "-enddate",
                "20200102000000Z", "-notext");
        return new Path[] {cert, key};
    }

    /** Replaces {@code target} by {@code source} in one rename, as a Secret update or cert-manager does. */
    static void replace(Path source, Path target) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".new");
        Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private Path[] signed(String name, String subject, long serial, String days, String extension) throws IOException {
        Path key = dir.resolve(name + ".key");
        Path csr = dir.resolve(name + ".csr");
        Path cert = dir.resolve(name + ".crt");
        Path ext = dir.resolve(name + ".ext");
        Files.writeString(ext, extension + "\n");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out", csr.toString(),
                "-subj", subject);
        openssl("x509", "-req", "-in", csr.toString(), "-CA", caCert.toString(), "-CAkey", caKey.toString(),
                "-set_serial", "0x" + Long.toHexString(serial), "-days", days, "-extfile", ext.toString(),
                "-out", cert.toString());
        return new Path[] {cert, key};
    }

    private static void openssl(String... args) throws IOException {
        List<String> argv = new ArrayList<>(List.of("openssl"));
        argv.addAll(List.of(args));
        Commands.run(argv);
    }

    /** Removes the directory and everything in it. */
    void delete() throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
