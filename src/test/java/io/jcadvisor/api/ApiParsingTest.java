package io.jcadvisor.api;

import io.jcadvisor.config.GoDuration;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pure request parsers: path, Go durations, v2 options, v1 body, events query. */
class ApiParsingTest {

    @Test
    void pathSplitsLikeUpstreamAndJoinsTheRestIntoAName() {
        assertThat(ApiPath.parse("/api/")).isEqualTo(new ApiPath("", "", List.of()));
        assertThat(ApiPath.parse("/api/v1.0")).isEqualTo(new ApiPath("v1.0", "", List.of()));
        ApiPath p = ApiPath.parse("/api/v1.0/containers/docker//abc/");
        assertThat(p.containerName()).isEqualTo("/docker/abc");
        assertThat(ApiPath.parse("/api/v1.0/containers").containerName()).isEqualTo("/");
        assertThat(ApiPath.parse("/api/v2.0/spec/system.slice/a%20b.scope").containerName())
                .isEqualTo("/system.slice/a b.scope");
        assertThat(ApiPath.parse("/api/v2.0/spec/caf%C3%A9/%E2%82%AC").containerName()).isEqualTo("/café/€");
    }

    @Test
    void systemdsBackslashEscapesAreOrdinaryNameCharacters() {
        assertThat(ApiPath.parse("/api/v1.0/containers/system.slice/system-systemd%5Cx2dfsck.slice").containerName())
                .isEqualTo("/system.slice/system-systemd\\x2dfsck.slice");
        assertThat(ApiPath.parse("/api/v1.0/containers/system.slice/system-systemd\\x2dfsck.slice").containerName())
                .isEqualTo("/system.slice/system-systemd\\x2dfsck.slice");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1.0/containers/a%2Fb", "/api/v1.0/containers/a%2fb", "/api/v1.0/containers/%00", "/api/v1.0/containers/../x",
            "/api/v1.0/containers/%2e%2e/x", "/api/v1.0/containers/./x", "/api/v1.0/containers/a%zz",
            "/api/v1.0/containers/a%2"})
    void unsafeOrMalformedPathsAre400(String raw) {
        assertThatThrownBy(() -> ApiPath.parse(raw)).isInstanceOfSatisfying(ApiError.class,
                e -> assertThat(e.status()).isEqualTo(400));
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "1s, 1000000000", "1.5h, 5400000000000", "2h45m, 9900000000000", "300ms, 300000000",
            "1us, 1000", "1µs, 1000", "7ns, 7", "-1s, -1000000000", ".5s, 500000000"})
    void goDurations(String text, long nanos) {
        assertThat(GoDuration.parse(text)).isEqualTo(Duration.ofNanos(nanos));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "1y", "s", "1..5s", "abc", "1s2", "-"})
    void badGoDurations(String text) {
        assertThatThrownBy(() -> GoDuration.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("time: ");
    }

    @Test
    void requestOptionsDefaultsAndValues() {
        assertThat(RequestOptions.parse(Map.of())).isEqualTo(new RequestOptions("name", 64, false,
                java.util.Optional.empty()));
        RequestOptions o = RequestOptions.parse(Map.of("type", List.of("podman"), "count", List.of("-1"),
                "recursive", List.of("true"), "max_age", List.of("0s")));
        assertThat(o).isEqualTo(new RequestOptions("podman", -1, true, java.util.Optional.of(Duration.ZERO)));
        assertThat(RequestOptions.parse(Map.of("recursive", List.of("True"))).recursive()).isFalse();
    }

    @Test
    void bodyDefaultsAndFields() {
        ObjectMapper mapper = new ObjectMapper();
        assertThat(ContainerInfoRequest.parse(null, mapper)).isEqualTo(ContainerInfoRequest.DEFAULT);
        assertThat(ContainerInfoRequest.parse(" \n", mapper)).isEqualTo(ContainerInfoRequest.DEFAULT);
        assertThat(ContainerInfoRequest.parse("null", mapper)).isEqualTo(ContainerInfoRequest.DEFAULT);
        assertThat(ContainerInfoRequest.parse("{\"num_stats\":5,\"start\":\"2026-11-26T22:00:00+01:00\"}", mapper))
                .isEqualTo(new ContainerInfoRequest(5, Instant.parse("2026-11-26T21:00:00Z"), null));
    }

    @Test
    void eventsQuerySelectsTypesAndAllEventsOverridesThem() {
        EventsQuery q = EventsQuery.parse("/x", Map.of("oom_events", List.of("t"), "max_events", List.of("-1")));
        assertThat(q.request().types()).containsExactly("oom");
        assertThat(q.request().maxEvents()).isEqualTo(-1);
        assertThat(q.stream()).isFalse();
        EventsQuery all = EventsQuery.parse("/", Map.of("all_events", List.of("1"), "oom_events", List.of("0")));
        assertThat(all.request().types()).containsExactlyInAnyOrder("oom", "oomKill", "containerCreation",
                "containerDeletion");
        assertThat(EventsQuery.parse("/", Map.of()).request().types()).isEmpty();
        assertThat(EventsQuery.parse("/", Map.of()).request().maxEvents()).isEqualTo(10);
    }
}
