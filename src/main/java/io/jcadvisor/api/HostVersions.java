package io.jcadvisor.api;

import io.jcadvisor.host.HostFs;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

/**
 * Kernel release and OS name of the monitored host, read under the host root: what
 * {@code attributes} ({@code kernel_version}, {@code container_os_version}) and {@code /validate/}
 * show.
 *
 * <p>Upstream reads {@code /etc/os-release} of its own container for {@code container_os_version};
 * we read the host's (under the host root), which is what an operator wants to see and what
 * {@code /validate/} shows anyway.
 */
@ApplicationScoped
public class HostVersions {

    private final HostFs hostFs;

    public HostVersions(HostFs hostFs) {
        this.hostFs = hostFs;
    }

    /** {@code /proc/sys/kernel/osrelease} (what {@code uname -r} prints), or empty. */
    public String kernelVersion() {
        return hostFs.readString("/proc/sys/kernel/osrelease").map(String::trim).orElse("");
    }

    /** {@code PRETTY_NAME} of {@code /etc/os-release} (else {@code /usr/lib/os-release}); {@code Linux} if none. */
    public String osVersion() {
        List<String> lines = hostFs.readLines("/etc/os-release");
        if (lines.isEmpty()) {
            lines = hostFs.readLines("/usr/lib/os-release");
        }
        return prettyName(lines).orElse("Linux");
    }

    /** The {@code PRETTY_NAME} value of os-release lines, quotes removed. */
    static Optional<String> prettyName(List<String> lines) {
        for (String line : lines) {
            if (line.startsWith("PRETTY_NAME=")) {
                String value = line.substring("PRETTY_NAME=".length()).trim();
                if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                        || value.startsWith("'") && value.endsWith("'"))) {
                    value = value.substring(1, value.length() - 1);
                }
                return value.isEmpty() ? Optional.empty() : Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
