package io.jcadvisor.info.v2;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Upstream v2 {@code FilesystemStats}: the container's single filesystem entry. The keys break
 * snake case upstream ({@code totalUsageBytes}, {@code baseUsageBytes}) and one is misspelt
 * ({@code containter_inode_usage}); clients look them up by those exact names.
 *
 * @param totalUsageBytes bytes used by the container (v1 {@code usage}), null = absent
 * @param baseUsageBytes  bytes of the writable layer (v1 {@code base_usage}), null = absent
 * @param inodeUsage      inodes used (v1 {@code inodes} of a container entry), null = absent
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FilesystemStats(
        @JsonProperty("totalUsageBytes") Long totalUsageBytes,
        @JsonProperty("baseUsageBytes") Long baseUsageBytes,
        @JsonProperty("containter_inode_usage") Long inodeUsage) {
}
