package io.jcadvisor.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Builds a one-layer OCI image archive (an OCI image layout in a tar, which {@code ctr images import}
 * reads) from the host's static busybox, as no registry is reachable: the layer holds
 * {@code /bin/busybox} with a symlink per applet and an {@code /etc/passwd} with root. The image's name
 * is the {@code io.containerd.image.name} annotation of its index entry.
 */
public final class OciArchive {

    /** The static busybox that {@code bin/provision} installs (Debian's busybox-static). */
    public static final Path BUSYBOX = Path.of("/bin/busybox");

    private OciArchive() {
    }

    /**
     * Writes the archive of image {@code name} to {@code archive}.
     *
     * @param name       full reference, {@code docker.io/jcadvisor/pause:3.9}
     * @param entrypoint the config's {@code Entrypoint} (empty for none)
     * @param cmd        the config's {@code Cmd} (empty for none)
     * @param work       an empty scratch directory, left filled for the caller to delete
     */
    public static void write(String name, List<String> entrypoint, List<String> cmd, Path archive, Path work)
            throws IOException {
        Path rootfs = Files.createDirectories(work.resolve("rootfs"));
        Path bin = Files.createDirectories(rootfs.resolve("bin"));
        Files.createDirectories(rootfs.resolve("etc"));
        Files.createDirectories(rootfs.resolve("tmp"));
        Files.copy(BUSYBOX, bin.resolve("busybox"));
        for (String applet : Commands.run(List.of(BUSYBOX.toString(), "--list")).split("\\s+")) {
            if (!applet.isBlank() && !Files.exists(bin.resolve(applet), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
            }
        }
        Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0:root:/:/bin/sh\n");
        Path layout = Files.createDirectories(work.resolve("layout"));
        Path blobs = Files.createDirectories(layout.resolve("blobs/sha256"));
        Path layer = work.resolve("layer.tar");
        // Fixed order, owner and times: the same busybox gives the same digest on every run.
        Commands.run(List.of("tar", "--sort=name", "--mtime=@0", "--owner=0", "--group=0", "--numeric-owner",
                "-C", rootfs.toString(), "-cf", layer.toString(), "."));
        byte[] layerBytes = Files.readAllBytes(layer);
        String layerDigest = blob(blobs, layerBytes);
        String config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{"
                + (entrypoint.isEmpty() ? "" : "\"Entrypoint\":" + json(entrypoint) + ",")
                + "\"Cmd\":" + json(cmd) + ",\"Env\":[\"PATH=/bin\"]},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:" + layerDigest + "\"]}}";
        byte[] configBytes = config.getBytes(StandardCharsets.UTF_8);
        String configDigest = blob(blobs, configBytes);
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:"
                + configDigest + "\",\"size\":" + configBytes.length + "},"
                + "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"sha256:"
                + layerDigest + "\",\"size\":" + layerBytes.length + "}]}";
        byte[] manifestBytes = manifest.getBytes(StandardCharsets.UTF_8);
        String manifestDigest = blob(blobs, manifestBytes);
        String tag = name.substring(name.lastIndexOf(':') + 1);
        Files.writeString(layout.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":"
                + "\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:" + manifestDigest
                + "\",\"size\":" + manifestBytes.length + ",\"annotations\":{\"io.containerd.image.name\":\""
                + name + "\",\"org.opencontainers.image.ref.name\":\"" + tag + "\"}}]}");
        Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Commands.run(List.of("tar", "-C", layout.toString(), "-cf", archive.toString(), "."));
    }

    private static String blob(Path blobs, byte[] content) throws IOException {
        String digest;
        try {
            digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Files.write(blobs.resolve(digest), content);
        return digest;
    }

    private static String json(List<String> values) {
        StringBuilder out = new StringBuilder("[");
        for (String v : values) {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append('"').append(v.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return out.append(']').toString();
    }
}
