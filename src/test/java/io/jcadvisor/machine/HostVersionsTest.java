package io.jcadvisor.machine;

import io.jcadvisor.host.HostFs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HostVersionsTest {

    @TempDir
    Path root;

    private void write(String hostPath, String text) throws IOException {
        Path file = root.resolve(hostPath.substring(1));
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void prettyNameAndKernelRelease() throws IOException {
        write("/etc/os-release", "NAME=\"Debian GNU/Linux\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n");
        write("/proc/sys/kernel/osrelease", "6.1.0-56-amd64\n");
        HostVersions versions = new HostVersions(new HostFs(root));
        assertThat(versions.osVersion()).isEqualTo("Debian GNU/Linux 12 (bookworm)");
        assertThat(versions.kernelVersion()).isEqualTo("6.1.0-56-amd64");
    }

    @Test
    void fallsBackToUsrLibThenLinuxThenUnknown() throws IOException {
        HostVersions versions = new HostVersions(new HostFs(root));
        assertThat(versions.osVersion()).isEqualTo("Unknown");
        // Without the proc file, the JVM's own uname release.
        assertThat(versions.kernelVersion()).isEqualTo(System.getProperty("os.version"));
        write("/usr/lib/os-release", "ID=alpine\n");
        assertThat(versions.osVersion()).isEqualTo("Linux");
        write("/usr/lib/os-release", "PRETTY_NAME='Alpine Linux v3.20'\n");
        assertThat(versions.osVersion()).isEqualTo("Alpine Linux v3.20");
    }

    @Test
    void unquotedPrettyName() {
        assertThat(OsReleaseParser.prettyName(List.of("PRETTY_NAME=Gentoo"))).contains("Gentoo");
        assertThat(OsReleaseParser.prettyName(List.of())).isEmpty();
    }
}
