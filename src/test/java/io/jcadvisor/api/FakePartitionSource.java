package io.jcadvisor.api;

import io.jcadvisor.fs.Partition;
import io.jcadvisor.fs.PartitionSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The root disk and an overlay mount, for {@code storage}; enabled by {@link ApiTestProfile} only. */
@Alternative
@ApplicationScoped
public class FakePartitionSource implements PartitionSource {

    public static final String ROOT_UUID = "0b6f8d3e-6a2c-4c1e-9d5a-2f3b4c5d6e7f";

    @Override
    public List<Partition> partitions() {
        return List.of(
                new Partition("/dev/vda1", "/", "ext4", 254, 1, Set.of("root", "docker-images"),
                        Optional.of(ROOT_UUID)),
                new Partition("overlay_0-39", "/var/lib/docker/overlay2/x/merged", "overlay", 0, 39, Set.of(),
                        Optional.empty()));
    }
}
