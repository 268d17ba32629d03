package io.jcadvisor.machine;

import io.jcadvisor.host.HostFs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Optional;

/**
 * Kernel and OS versions of the host, for {@code /validate/}, the v2 {@code attributes} and
 * {@code cadvisor_version_info} ({@code kernel_version}, {@code container_os_version}).
 */
@ApplicationScoped
public class HostVersions {

    private final HostFs hostFs;

    @Inject
    public HostVersions(HostFs hostFs) {
        this.hostFs = hostFs;
    }

    /**
     * Kernel release ({@code 6.1.0-26-amd64}) from {@code /proc/sys/kernel/osrelease}; when that is
     * unreadable, the JVM's {@code os.version}, which is the same {@code uname} release upstream uses.
     */
    public String kernelVersion() {
        return hostFs.readString("/proc/sys/kernel/osrelease").map(String::trim).filter(s -> !s.isEmpty())
                .orElseGet(() -> System.getProperty("os.version", "Unknown"));
    }

    /**
     * {@code PRETTY_NAME} of {@code /etc/os-release} (else {@code /usr/lib/os-release}) under the
     * host root; {@code Linux} when the file has none, {@code Unknown} when neither is readable.
     */
    public String osVersion() {
        for (String file : List.of("/etc/os-release", "/usr/lib/os-release")) {
            Optional<String> text = hostFs.readString(file);
            if (text.isPresent()) {
                return OsReleaseParser.prettyName(HostFs.lines(text.get())).orElse("Linux");
            }
        }
        return "Unknown";
    }
}
