package io.jcadvisor.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A containerd of the tests' own, beside the system one (which other tests use and which is never
 * touched): its own config file, gRPC socket, root and state directories under one directory in
 * {@code /tmp}, the CRI plugin on with the cgroupfs driver ({@code SystemdCgroup = false}: this host's
 * PID 1 is not systemd), a locally made pause image as {@code sandbox_image}, and a CNI bridge network
 * of its own (Debian's plugins in {@code /usr/lib/cni}, a bridge and subnet picked per run, host-local
 * IPAM with its store in the directory, network namespaces under the state directory). Images are
 * imported into namespace {@value #NAMESPACE}, where CRI keeps everything.
 *
 * <p>The binary is {@code /usr/bin/containerd} (Debian's 1.6) unless the system property
 * {@value #BINARY_PROPERTY} or the environment variable {@value #BINARY_ENV} names another (a
 * containerd 2.x unpacked elsewhere); its directory goes first on the daemon's {@code PATH}, so a shim
 * beside it is the one used, and {@code ctr} beside it is preferred to {@code /usr/bin/ctr}.
 *
 * <p>{@link #close()} stops the daemon and removes everything it made: the tasks and their shims, the
 * mounts under the directory (rootfs overlays, sandbox {@code /dev/shm}, network namespaces), the
 * bridge and the directory. A run that was killed leaves its directory with its owner's pid in it;
 * the next {@link #start()} sweeps those whose owner is dead.
 */
public final class PrivateContainerd implements AutoCloseable {

    public static final String BINARY_PROPERTY = "jcadvisor.cri.containerd";
    public static final String BINARY_ENV = "JCADVISOR_CRI_CONTAINERD";
    public static final String DEFAULT_BINARY = "/usr/bin/containerd";
    /** CRI's containerd namespace. */
    public static final String NAMESPACE = "k8s.io";
    /** The pause image, made from busybox: its entrypoint sleeps until killed. */
    public static final String PAUSE_IMAGE = "docker.io/jcadvisor/pause:3.9";
    /** The test image, the same busybox {@code bin/provision} gives docker, podman and containerd. */
    public static final String BUSYBOX_IMAGE = "docker.io/jcadvisor/busybox:latest";
    private static final String DIR_PREFIX = "jcadv-cri-";
    private static final Path TMP = Path.of("/tmp");
    private static final Path CNI_BIN = Path.of("/usr/lib/cni");

    private final Path binary;
    private final Path dir;
    private final String bridge;
    private final String subnetPrefix;
    private Process daemon;

    private PrivateContainerd(Path binary, Path dir, String bridge, String subnetPrefix) {
        this.binary = binary;
        this.dir = dir;
        this.bridge = bridge;
        this.subnetPrefix = subnetPrefix;
    }

    /** The binary named by {@value #BINARY_PROPERTY} / {@value #BINARY_ENV}, else the system's. */
    public static Path configuredBinary() {
        String property = System.getProperty(BINARY_PROPERTY);
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String env = System.getenv(BINARY_ENV);
        return Path.of(env != null && !env.isBlank() ? env : DEFAULT_BINARY);
    }

    /** Starts the configured binary; see {@link #start(Path)}. */
    public static PrivateContainerd start() throws IOException {
        return start(configuredBinary());
    }

    /**
     * Sweeps what killed runs left, writes the config and the CNI network, starts the daemon, waits
     * until it answers (30 s at most) and imports the pause and busybox images.
     */
    public static PrivateContainerd start(Path binary) throws IOException {
        if (!Files.isExecutable(binary)) {
            throw new IOException("no containerd binary at " + binary + " (set " + BINARY_PROPERTY + ")");
        }
        sweepLeftovers();
        Path dir = Files.createTempDirectory(TMP, DIR_PREFIX);
        Files.writeString(dir.resolve("owner"), Long.toString(ProcessHandle.current().pid()));
        String suffix = dir.getFileName().toString().substring(DIR_PREFIX.length());
        String bridge = "jcri" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
        PrivateContainerd c = new PrivateContainerd(binary, dir, bridge, freeSubnetPrefix());
        try {
            c.writeFiles(suffix);
            c.launch();
            c.importImages();
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** The daemon's gRPC socket (CRI and containerd's own services). */
    public Path socket() {
        return dir.resolve("containerd.sock");
    }

    /** Everything of this instance lives under here. */
    public Path directory() {
        return dir;
    }

    /** The gateway of the pod network: the bridge's address, {@code <prefix>.1}. */
    public String gateway() {
        return subnetPrefix + ".1";
    }

    /** The pod network's Linux bridge. */
    public String bridge() {
        return bridge;
    }

    /** The binary this instance runs. */
    public Path binary() {
        return binary;
    }

    /** The daemon's version line ({@code containerd --version}). */
    public String version() throws IOException {
        return Commands.run(List.of(binary.toString(), "--version")).trim();
    }

    /** {@code ctr} against this daemon, in namespace {@value #NAMESPACE}. */
    public String ctr(String... args) throws IOException {
        List<String> argv = new ArrayList<>(List.of(ctrBinary(), "-a", socket().toString(), "-n", NAMESPACE));
        argv.addAll(List.of(args));
        return Commands.run(argv);
    }

    private String ctrBinary() {
        Path beside = binary.resolveSibling("ctr");
        return Files.isExecutable(beside) ? beside.toString() : "/usr/bin/ctr";
    }

    private void writeFiles(String suffix) throws IOException {
        Path cni = Files.createDirectories(dir.resolve("cni/net.d"));
        Files.createDirectories(dir.resolve("root"));
        Files.createDirectories(dir.resolve("state"));
        String network = "jcadv-cri-" + suffix;
        Files.writeString(cni.resolve("10-" + network + ".conflist"), """
                {
                  "cniVersion": "0.4.0",
                  "name": "%s",
                  "plugins": [
                    {
                      "type": "bridge",
                      "bridge": "%s",
                      "isGateway": true,
                      "ipMasq": false,
                      "hairpinMode": true,
                      "ipam": {
                        "type": "host-local",
                        "dataDir": "%s",
                        "ranges": [[{"subnet": "%s.0/24", "gateway": "%s.1"}]],
                        "routes": [{"dst": "0.0.0.0/0"}]
                      }
                    }
                  ]
                }
                """.formatted(network, bridge, dir.resolve("cni/ipam"), subnetPrefix, subnetPrefix));
        // Version 2 is what 1.6 reads; 2.x migrates it on load.
        Files.writeString(dir.resolve("config.toml"), """
                version = 2
                root = "%1$s/root"
                state = "%1$s/state"
                [grpc]
                  address = "%1$s/containerd.sock"
                [ttrpc]
                  address = "%1$s/containerd.sock.ttrpc"
                [debug]
                  address = ""
                [metrics]
                  address = ""
                [plugins."io.containerd.grpc.v1.cri"]
                  sandbox_image = "%2$s"
                  stream_server_address = "127.0.0.1"
                  stream_server_port = "0"
                  # This host withholds CAP_SYS_RESOURCE: the sandbox's -998 (and a guaranteed pod's
                  # -997) cannot be set, so CRI clamps scores to its own, as for rootless nodes.
                  restrict_oom_score_adj = true
                  # Pod network namespaces under the state directory, not /var/run/netns: a killed
                  # run's are unmounted with the directory.
                  netns_mounts_under_state_dir = true
                  [plugins."io.containerd.grpc.v1.cri".containerd]
                    default_runtime_name = "runc"
                    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
                      runtime_type = "io.containerd.runc.v2"
                      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
                        SystemdCgroup = false
                        Root = "%1$s/runc"
                  [plugins."io.containerd.grpc.v1.cri".cni]
                    bin_dir = "%3$s"
                    conf_dir = "%4$s"
                """.formatted(dir, PAUSE_IMAGE, CNI_BIN, cni));
    }

    private void launch() throws IOException {
        ProcessBuilder pb = new ProcessBuilder(binary.toString(), "--config", dir.resolve("config.toml").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("containerd.log").toFile());
        Map<String, String> env = pb.environment();
        env.put("PATH", binary.getParent() + ":" + env.getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"));
        daemon = pb.start();
        Files.writeString(dir.resolve("containerd.pid"), Long.toString(daemon.pid()));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            if (!daemon.isAlive()) {
                throw new IOException("containerd exited " + daemon.exitValue() + ": " + logTail());
            }
            if (Files.exists(socket())) {
                try {
                    ctr("version");
                    return;
                } catch (IOException notYet) {
                    // Socket made, services not yet registered.
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("containerd did not answer within 30 s: " + logTail());
            }
            sleep(100);
        }
    }

    /** The end of the daemon's log, for error messages. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("containerd.log"), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void importImages() throws IOException {
        Path work = Files.createDirectories(dir.resolve("images"));
        Path pause = work.resolve("pause.tar");
        OciArchive.write(PAUSE_IMAGE, List.of("/bin/busybox", "sleep", "2147483647"), List.of(), pause,
                Files.createDirectories(work.resolve("pause")));
        Path busybox = work.resolve("busybox.tar");
        OciArchive.write(BUSYBOX_IMAGE, List.of(), List.of("/bin/sh"), busybox,
                Files.createDirectories(work.resolve("busybox")));
        ctr("images", "import", pause.toString());
        ctr("images", "import", busybox.toString());
        deleteTree(work);
    }

    /** A /24 in 10.200.0.0/13 that no route of this host covers: {@code 10.x.y}. */
    private static String freeSubnetPrefix() throws IOException {
        String routes = Commands.run(List.of("ip", "-4", "route", "show"));
        for (int attempt = 0; attempt < 50; attempt++) {
            String prefix = "10." + ThreadLocalRandom.current().nextInt(200, 208) + "."
                    + ThreadLocalRandom.current().nextInt(1, 255);
            if (!routes.contains(prefix + ".")) {
                return prefix;
            }
        }
        throw new IOException("no free 10.200-207.x.0/24 subnet: " + routes);
    }

    /**
     * Stops the daemon and removes everything of this instance. Tasks still there (a test that failed
     * before removing its pods) are killed first, so their shims exit; then mounts under the
     * directory are undone and the bridge deleted. Quiet: cleanup of what is already gone is no error.
     */
    @Override
    public void close() {
        if (daemon != null && daemon.isAlive()) {
            killTasks();
            daemon.destroy();
            try {
                if (!daemon.waitFor(10, TimeUnit.SECONDS)) {
                    daemon.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        cleanUp(dir, bridge);
    }

    /** Kills and deletes every task and container of namespace k8s.io (CRI's pods included). */
    private void killTasks() {
        try {
            for (String id : ctr("containers", "ls", "-q").lines().map(String::trim).filter(s -> !s.isEmpty())
                    .toList()) {
                quietly(() -> ctr("tasks", "kill", "-s", "SIGKILL", id));
                for (int i = 0; i < 30; i++) {
                    try {
                        ctr("tasks", "delete", "-f", id);
                        break;
                    } catch (IOException e) {
                        if (e.getMessage().contains("not found")) {
                            break;
                        }
                        sleep(100);
                    }
                }
                quietly(() -> ctr("containers", "rm", id));
            }
        } catch (IOException e) {
            // The daemon does not answer: the shims are killed by their address below.
        }
    }

    /**
     * Containers, shims, mounts, recorded cgroups, bridge and directory of one instance (live or left
     * by a killed run). runc's own state (its root is in the directory) names every container still
     * there: {@code runc delete --force} kills its processes and removes its cgroup, which killing a
     * shim would not.
     */
    private static void cleanUp(Path dir, String bridge) {
        Path runcRoot = dir.resolve("runc");
        if (Files.isDirectory(runcRoot)) {
            try (Stream<Path> namespaces = Files.list(runcRoot)) {
                for (Path ns : namespaces.toList()) {
                    try (Stream<Path> ids = Files.list(ns)) {
                        for (Path id : ids.toList()) {
                            quietly(() -> Commands.run(List.of("runc", "--root", ns.toString(), "delete", "--force",
                                    id.getFileName().toString())));
                        }
                    }
                }
            } catch (IOException e) {
                // Nothing left to delete.
            }
        }
        killShimsOf(dir);
        unmountUnder(dir);
        removeRecordedCgroups(dir);
        if (bridge != null) {
            quietly(() -> Commands.run(List.of("ip", "link", "delete", bridge)));
        }
        deleteTree(dir);
    }

    /**
     * Notes a cgroup the caller made for this instance's pods ({@code /kubepods/burstable/pod<uid>}),
     * so that cleanup removes it even after a killed run; the caller still removes it itself.
     */
    public void recordCgroup(String cgroup) throws IOException {
        Files.writeString(dir.resolve("cgroups"), cgroup + "\n", java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
    }

    /** rmdir, deepest first, of every recorded cgroup in every hierarchy; quiet when busy or gone. */
    private static void removeRecordedCgroups(Path dir) {
        List<String> cgroups;
        try {
            cgroups = new ArrayList<>(Files.readAllLines(dir.resolve("cgroups")));
        } catch (IOException e) {
            return;
        }
        cgroups.sort(Comparator.comparingInt(String::length).reversed());
        try (Stream<Path> hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
            for (Path h : hierarchies.toList()) {
                for (String cgroup : cgroups) {
                    if (cgroup.startsWith("/") && cgroup.length() > 1) {
                        try {
                            Files.deleteIfExists(h.resolve(cgroup.substring(1)));
                        } catch (IOException busy) {
                            // Still holds a child: another run's pod.
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** containerd-shim processes serving this instance (their {@code -address} is under the directory). */
    private static void killShimsOf(Path dir) {
        ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("containerd-shim")
                        && c.contains(dir.toString())).orElse(false))
                .forEach(p -> {
                    p.destroyForcibly();
                    try {
                        p.onExit().get(5, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        // Gone or stuck: the mounts below are undone lazily either way.
                    }
                });
    }

    /** Unmounts, deepest first, every mount point under the directory. */
    private static void unmountUnder(Path dir) {
        List<String> points = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] f = line.split(" ");
                String point = f[4].replace("\\040", " ");
                if (point.startsWith(dir + "/")) {
                    points.add(point);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        points.sort(Comparator.comparingInt(String::length).reversed());
        for (String point : points) {
            quietly(() -> Commands.run(List.of("umount", "-l", point)));
        }
    }

    /**
     * Removes what killed runs left: instances whose owner pid is gone. Their daemon, if still up,
     * is killed by its pid file (only when its command line names that instance's config).
     */
    private static void sweepLeftovers() {
        try (Stream<Path> dirs = Files.list(TMP)) {
            for (Path d : dirs.filter(p -> p.getFileName().toString().startsWith(DIR_PREFIX)).toList()) {
                Optional<Long> owner = readPid(d.resolve("owner"));
                if (owner.isEmpty() || ProcessHandle.of(owner.get()).isPresent()) {
                    continue;
                }
                readPid(d.resolve("containerd.pid")).flatMap(ProcessHandle::of)
                        .filter(p -> p.info().commandLine().map(c -> c.contains(d.toString())).orElse(false))
                        .ifPresent(ProcessHandle::destroyForcibly);
                String bridge = null;
                try (Stream<Path> confs = Files.list(d.resolve("cni/net.d"))) {
                    for (Path conf : confs.toList()) {
                        var m = java.util.regex.Pattern.compile("\"bridge\": \"([^\"]+)\"").matcher(Files.readString(conf));
                        if (m.find()) {
                            bridge = m.group(1);
                        }
                    }
                } catch (IOException e) {
                    // No network written.
                }
                cleanUp(d, bridge);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<Long> readPid(Path file) {
        try {
            return Optional.of(Long.parseLong(Files.readString(file).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        // Never through a mount that could not be undone: rm stays on this file system.
        quietly(() -> Commands.run(List.of("rm", "-rf", "--one-file-system", root.toString())));
    }

    private interface Step {
        Object run() throws IOException;
    }

    private static void quietly(Step step) {
        try {
            step.run();
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
}
