package io.jcadvisor.container.docker;

import io.jcadvisor.container.engine.FakeDockerClient;
import io.jcadvisor.host.HostFs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Docker's storage layout: where a container's writable layer and its own directory are. */
class DockerLayoutTest {

    static final String ID = "4f2b3c1d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b";

    @TempDir
    Path root;

    @Test
    void findsTheWritableLayerThroughTheLayerDatabase() throws Exception {
        Path mounts = root.resolve("var/lib/docker/image/overlay2/layerdb/mounts/" + ID);
        java.nio.file.Files.createDirectories(mounts);
        java.nio.file.Files.writeString(mounts.resolve("mount-id"), "0a1b2c3d\n");
        HostFs hostFs = new HostFs(root);

        assertThat(DockerFactory.LAYOUT.rwLayerDir(hostFs, "/var/lib/docker", "overlay2", ID,
                FakeDockerClient.running(ID, "web"))).contains("/var/lib/docker/overlay2/0a1b2c3d/diff");
        assertThat(DockerFactory.LAYOUT.rwLayerDir(hostFs, "/var/lib/docker", "btrfs", ID,
                FakeDockerClient.running(ID, "web"))).isEmpty();
        assertThat(DockerFactory.LAYOUT.containerDir("/var/lib/docker", "overlay2", ID))
                .isEqualTo("/var/lib/docker/containers/" + ID);
    }
}
