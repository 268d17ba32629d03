package io.jcadvisor.container.containerd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives one containerd ({@link ContainerdDaemon}: the system one unless told otherwise) with its own
 * {@code ctr} over its socket, in the test namespace {@value #NAMESPACE} (which {@code bin/provision}
 * fills with the busybox image). Remembers what it started so a test can
 * remove it all, and {@link #removeNamespaceContainers()} sweeps what a killed run left. Every
 * container carries the label {@value #OWNER_LABEL} with the pid of the JVM that started it, so the
 * sweep leaves alone the containers of a run still going (another worktree's, at the same time).
 */
final class CtrCli {

    static final String NAMESPACE = "jcadv-test";
    static final String IMAGE = "docker.io/jcadvisor/busybox:latest";
    static final String OWNER_LABEL = "jcadv.owner-pid";
    private static final Pattern OWNER = Pattern.compile("\"" + Pattern.quote(OWNER_LABEL) + "\":\\s*\"(\\d+)\"");

    private final Set<String> started = ConcurrentHashMap.newKeySet();
    private final ContainerdDaemon daemon;
    private final String namespace;

    /** The system containerd, in the test namespace. */
    CtrCli() {
        this(ContainerdDaemon.SYSTEM, NAMESPACE);
    }

    /** In the test namespace. */
    CtrCli(ContainerdDaemon daemon) {
        this(daemon, NAMESPACE);
    }

    CtrCli(ContainerdDaemon daemon, String namespace) {
        this.daemon = daemon;
        this.namespace = namespace;
    }

    /** Whether the daemon answers and the test image is imported in the test namespace. */
    boolean available() {
        try {
            return run(command("-n", NAMESPACE, "images", "ls", "-q")).lines().anyMatch(IMAGE::equals);
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code ctr --address <socket> <args>} of this daemon (namespace as given, if any). */
    List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(daemon.ctr, "--address", daemon.socket));
        command.addAll(List.of(args));
        return command;
    }

    /** Runs {@code ctr <args>} against this daemon; its stdout. */
    String ctr(String... args) throws IOException {
        return run(command(args));
    }

    /** The daemon's version as {@code ctr version} shows it ({@code 2.1.9+unknown}). */
    String serverVersion() throws IOException {
        return ctr("version").lines().filter(l -> l.trim().startsWith("Version:")).reduce((a, b) -> b)
                .orElseThrow(() -> new IOException("ctr version printed no server version")).trim()
                .substring("Version:".length()).trim();
    }

    /** A task's status in {@code ctr task ls} ({@code RUNNING}, {@code STOPPED}); empty when it has none. */
    String taskStatus(String id) throws IOException {
        return ctr("-n", namespace, "task", "ls").lines().filter(l -> l.startsWith(id + " "))
                .map(l -> l.trim().replaceAll(".*\\s", "")).findFirst().orElse("");
    }

    /** A fresh 64-hex container id: the form containerd's cgroup-name rule looks for. */
    static String uniqueId() {
        byte[] bytes = new byte[32];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** {@code ctr run -d <options> <image> <id> <command>}: returns once the task runs. */
    String runDetached(String id, List<String> options, String... command) throws IOException {
        started.add(id);
        List<String> args = command("-n", namespace, "run", "-d");
        args.addAll(List.of("--label", OWNER_LABEL + "=" + ProcessHandle.current().pid()));
        args.addAll(options);
        args.add(IMAGE);
        args.add(id);
        args.addAll(List.of(command));
        run(args);
        return id;
    }

    /** {@code ctr container create <options> <image> <id>}: the container without a task (no process, no cgroup). */
    String create(String id, List<String> options) throws IOException {
        started.add(id);
        List<String> args = command("-n", namespace, "container", "create");
        args.addAll(List.of("--label", OWNER_LABEL + "=" + ProcessHandle.current().pid()));
        args.addAll(options);
        args.add(IMAGE);
        args.add(id);
        run(args);
        return id;
    }

    /** Kills the task, deletes it and the container; quiet when they are already gone. */
    void remove(String id) {
        quietly(command("-n", namespace, "task", "kill", "-s", "SIGKILL", id));
        for (int i = 0; i < 50; i++) {
            try {
                run(command("-n", namespace, "task", "delete", id));
                break;
            } catch (IOException e) {
                if (e.getMessage().contains("not found")) {
                    break;
                }
                sleep(100);
            }
        }
        quietly(command("-n", namespace, "container", "rm", id));
        started.remove(id);
    }

    /** Removes every container this instance started. */
    void removeAll() {
        for (String id : List.copyOf(started)) {
            remove(id);
        }
    }

    /**
     * Removes the containers of this namespace that a killed run left: those whose owner pid is no
     * longer alive. Containers without the label are left alone (they may be another branch's).
     */
    void removeNamespaceContainers() {
        try {
            for (String id : run(command("-n", namespace, "containers", "ls", "-q")).lines().toList()) {
                if (id.isBlank()) {
                    continue;
                }
                Matcher owner = OWNER.matcher(run(command("-n", namespace, "containers", "info", id.trim())));
                if (owner.find() && ProcessHandle.of(Long.parseLong(owner.group(1))).isEmpty()) {
                    remove(id.trim());
                }
            }
        } catch (IOException e) {
            // Nothing to sweep when ctr cannot talk to the daemon (or the container went meanwhile).
        }
    }

    /**
     * Removes the test image from this instance's namespace (with {@code --sync}: containerd 2.x leaves
     * the content and snapshots to a later garbage collection otherwise) and then the namespace, once the
     * containers in it are gone; quiet when something else still holds it.
     */
    void removeImageAndNamespace() {
        quietly(command("-n", namespace, "images", "rm", "--sync", IMAGE));
        for (int i = 0; i < 50; i++) {
            try {
                run(command("namespaces", "rm", namespace));
                return;
            } catch (IOException e) {
                try {
                    if (!run(command("namespaces", "ls", "-q")).lines().anyMatch(namespace::equals)) {
                        return;
                    }
                } catch (IOException unreachable) {
                    return;
                }
                sleep(100);
            }
        }
    }

    private static void quietly(List<String> args) {
        try {
            run(args);
        } catch (IOException e) {
            // Already gone.
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs a command; its stdout, or an exception with its stderr when it fails. */
    static String run(List<String> args) throws IOException {
        Process p = new ProcessBuilder(args).redirectErrorStream(false).start();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(args + ": timed out");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(args + ": interrupted", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(args + ": exit " + p.exitValue() + ": " + err.trim());
        }
        return out;
    }
}
