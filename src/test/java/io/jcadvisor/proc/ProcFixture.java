package io.jcadvisor.proc;

import io.jcadvisor.host.HostFs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** The {@code host/proc-pids} fixture tree, read in place or copied for tests that change it. */
final class ProcFixture {

    /** "now" of the capture: btime 1795735057 plus uptime 13.31 s. */
    static final java.time.Instant CAPTURED_AT = java.time.Instant.ofEpochSecond(1795735070, 310_000_000);

    private ProcFixture() {
    }

    static Path root() {
        try {
            return Path.of(ProcFixture.class.getResource("/host/proc-pids").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static HostFs hostFs() {
        return new HostFs(root());
    }

    /** A writable copy of the fixture under {@code target}. */
    static Path copyTo(Path target) {
        Path source = root();
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path copy = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(path, copy, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }
}
