package io.jcadvisor.resctrl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Fixture host roots for resctrl; writes happen in a copy, never in the source tree. */
final class ResctrlHosts {

    static final String RESCTRL = "sys/fs/resctrl";

    private ResctrlHosts() {
    }

    static Path fixture(String scenario) {
        return Path.of("src/test/resources/host", scenario).toAbsolutePath();
    }

    /** Copies fixture trees (later ones over earlier ones) into {@code root}. */
    static Path copy(Path root, String... scenarios) {
        for (String scenario : scenarios) {
            Path from = fixture(scenario);
            try (Stream<Path> walk = Files.walk(from)) {
                for (Path p : walk.toList()) {
                    Path to = root.resolve(from.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(p, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return root;
    }

    /** Writes what the kernel would show in a group's {@code mon_data} after some counting. */
    static void counters(Path groupDir, int domain, long total, long local, long llc) throws IOException {
        Path d = groupDir.resolve(String.format("mon_data/mon_L3_%02d", domain));
        Files.createDirectories(d);
        Files.writeString(d.resolve("mbm_total_bytes"), total + "\n");
        Files.writeString(d.resolve("mbm_local_bytes"), local + "\n");
        Files.writeString(d.resolve("llc_occupancy"), llc + "\n");
    }
}
