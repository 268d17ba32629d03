package io.jcadvisor.info.v2;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;

/**
 * Upstream v2 {@code FsInfo} ({@code /api/v2.x/storage}): one filesystem of the root container's
 * latest sample, sizes in bytes.
 *
 * @param labels     upstream labels of the device ({@code root}, {@code docker-images}, …), may be empty
 * @param inodes     total inodes, only when the filesystem reports inodes (else null, absent)
 * @param inodesFree free inodes, likewise
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FsInfo(
        Instant timestamp,
        String device,
        String mountpoint,
        long capacity,
        long available,
        long usage,
        List<String> labels,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long inodes,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long inodesFree) {
}
