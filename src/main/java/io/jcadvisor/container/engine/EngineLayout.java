package io.jcadvisor.container.engine;

import io.jcadvisor.host.HostFs;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What differs between daemons serving the Docker Engine API beyond their names: which cgroups are
 * their containers' and where a container's files lie on the host ({@code docs/data-sources.md} §7.2, §8).
 * Implementations are pure apart from the {@link HostFs} reads they are handed.
 */
public interface EngineLayout {

    /** Upstream's container id rule: 64 consecutive {@code [a-z0-9]} anywhere in a path element. */
    Pattern ID = Pattern.compile("([a-z0-9]{64})");

    /**
     * The container id a cgroup name stands for, empty when it names no container of this runtime.
     * Pure: no daemon call.
     */
    Optional<String> containerId(String cgroupName);

    /**
     * Host path of the container's writable layer (measured as {@code base_usage}), empty when the
     * storage driver's layout is not known.
     *
     * @param root   the daemon's storage root ({@link DockerStatus#rootDir()})
     * @param driver the storage driver ({@code overlay2}; Podman {@code overlay})
     */
    Optional<String> rwLayerDir(HostFs hostFs, String root, String driver, String id, DockerInspect inspect);

    /** Host path of the container's own directory (logs, config), counted in {@code usage}. */
    String containerDir(String root, String driver, String id);

    /** The 64-character id in one cgroup path element (upstream's unanchored match), if any. */
    static Optional<String> idIn(String element) {
        Matcher m = ID.matcher(element);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** The last element of a cgroup name ({@code /docker/<id>} → {@code <id>}). */
    static String lastElement(String cgroupName) {
        return cgroupName.substring(cgroupName.lastIndexOf('/') + 1);
    }

    /** The driver's own {@code GraphDriver.Data.UpperDir} of an inspect answer, when it is an absolute path. */
    static Optional<String> upperDir(DockerInspect inspect) {
        if (inspect.graphDriver() != null && inspect.graphDriver().data() != null) {
            String upper = inspect.graphDriver().data().get("UpperDir");
            if (upper != null && upper.startsWith("/")) {
                return Optional.of(upper);
            }
        }
        return Optional.empty();
    }
}
