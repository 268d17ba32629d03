package io.jcadvisor.host;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * The agent's own files, as opposed to the host's: config files named by an option (the perf events
 * JSON, the UI's htpasswd file) and the agent's own {@code /proc/self}. These are read from the
 * agent's filesystem, so {@code cadvisor.host.root} ({@code /rootfs} in the DaemonSet) does not apply.
 */
public final class AgentFiles {

    private static final HostFs OWN = new HostFs(Path.of("/"));

    private AgentFiles() {
    }

    /**
     * The agent's own filesystem (root {@code /}), for files about the agent process itself, such as
     * {@code /proc/self/stat} for its own {@code process_*} metrics: these describe the agent as its
     * kernel shows it to the agent.
     */
    public static HostFs ownFilesystem() {
        return OWN;
    }

    /**
     * A file of the agent's own, as UTF-8.
     *
     * @throws IOException when it is missing, unreadable or not UTF-8 ({@link #reason} says which)
     */
    public static String read(String path) throws IOException {
        return Files.readString(Path.of(path), StandardCharsets.UTF_8);
    }

    /**
     * What tells whether an agent file changed: its modification time, size and file key (device and
     * inode, so a Kubernetes secret's symlink swap counts too). Equal values mean unchanged.
     *
     * @throws IOException when it is missing or unreadable
     */
    public static Object version(String path) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(Path.of(path), BasicFileAttributes.class);
        return List.of(attributes.lastModifiedTime(), attributes.size(), String.valueOf(attributes.fileKey()));
    }

    /** Why reading an agent file failed, in a few words for a log line: {@code no such file}, … */
    public static String reason(IOException e) {
        if (e instanceof CharacterCodingException) {
            return "not UTF-8 text";
        }
        return reason(e, e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
    }

    /** {@code no such file} or {@code permission denied} for those two faults, else {@code otherwise}. */
    public static String reason(IOException e, String otherwise) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return otherwise;
    }
}
