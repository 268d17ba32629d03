package io.jcadvisor.api;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The API versions and the request types each one serves (upstream {@code cmd/internal/api}).
 * Versions are cumulative within a family; v1.x and v2.x are separate families.
 */
public enum ApiVersion {
    V1_0("v1.0", "containers", "machine"),
    V1_1("v1.1", "containers", "machine", "subcontainers"),
    V1_2("v1.2", "containers", "docker", "machine", "subcontainers"),
    V1_3("v1.3", "containers", "docker", "events", "machine", "subcontainers"),
    V2_0("v2.0", "appmetrics", "attributes", "events", "machine", "ps", "spec", "stats", "storage", "summary",
            "version"),
    V2_1("v2.1", "appmetrics", "attributes", "events", "machine", "machinestats", "ps", "spec", "stats",
            "storage", "summary", "version");

    /** {@link #values()} copies its array at every call. */
    private static final ApiVersion[] VERSIONS = values();

    private final String label;
    private final List<String> requestTypes;

    ApiVersion(String label, String... requestTypes) {
        this.label = label;
        this.requestTypes = List.of(requestTypes);
    }

    /** As it appears in the path: {@code v1.3}. */
    public String label() {
        return label;
    }

    /** Request types in upstream's (alphabetical) order. */
    public List<String> requestTypes() {
        return requestTypes;
    }

    public boolean isV2() {
        return this == V2_0 || this == V2_1;
    }

    /** The version a path's label names ({@code v1.3}); empty for any other label. Once per API request. */
    public static Optional<ApiVersion> of(String label) {
        for (ApiVersion version : VERSIONS) {
            if (version.label.equals(label)) {
                return Optional.of(version);
            }
        }
        return Optional.empty();
    }

    /** Upstream's answer to {@code /api/}: {@code Supported API versions: v1.0,v1.1,…}. */
    public static String supportedVersionsMessage() {
        return "Supported API versions: "
                + Arrays.stream(values()).map(ApiVersion::label).collect(Collectors.joining(","));
    }

    /** Upstream's answer to {@code /api/v1.0/}: the types as one quoted string, as upstream quotes it. */
    public String supportedRequestTypesMessage() {
        return "Supported request types: \"" + String.join(",", requestTypes) + "\"";
    }
}
