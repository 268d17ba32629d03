package io.jcadvisor.metrics;

import io.jcadvisor.host.HostFs;

import java.util.List;

/** Reads the host side of {@code cadvisor_version_info} through {@link HostFs}. */
final class VersionLabelsReader {

    private VersionLabelsReader() {
    }

    /**
     * @param version  this agent's version
     * @param revision build revision, may be empty
     */
    static VersionLabels read(HostFs hostFs, String version, String revision) {
        String kernel = hostFs.readString("/proc/sys/kernel/osrelease").map(String::trim).orElse("");
        List<String> osRelease = hostFs.readLines("/etc/os-release");
        if (osRelease.isEmpty()) {
            osRelease = hostFs.readLines("/usr/lib/os-release");
        }
        return new VersionLabels(kernel, prettyName(osRelease), "", version, revision);
    }

    /** {@code PRETTY_NAME} of an os-release file, unquoted; "Linux" when absent, as upstream. */
    static String prettyName(List<String> lines) {
        for (String line : lines) {
            if (line.startsWith("PRETTY_NAME=")) {
                String v = line.substring("PRETTY_NAME=".length()).trim();
                if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'') && v.endsWith(v.substring(0, 1))) {
                    v = v.substring(1, v.length() - 1);
                }
                return v;
            }
        }
        return "Linux";
    }
}
