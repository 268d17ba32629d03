package io.jcadvisor.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which requests the event-stream route takes; every other one goes on to {@link ApiRoute}. */
class EventStreamRouteTest {

    @Test
    void takesValidStreamRequestsOfEveryVersionAndPrefix() {
        assertThat(EventStreamRoute.streamQuery("/api/v1.3/events", params("stream", "true", "all_events", "true")))
                .hasValueSatisfying(q -> assertThat(q.stream()).isTrue());
        assertThat(EventStreamRoute.streamQuery("/cadvisor/api/v2.0/events/docker",
                params("stream", "1", "subcontainers", "true", "oom_events", "true")))
                .hasValueSatisfying(q -> assertThat(q.request().containerName()).isEqualTo("/docker"));
    }

    @Test
    void leavesEverythingElseToTheResourceWhichAnswersTheErrors() {
        assertThat(EventStreamRoute.streamQuery("/api/v1.3/events", params("all_events", "true"))).isEmpty();
        // no stream parameter, or a false one: not a stream, whatever the path (ApiRoute answers it)
        assertThat(EventStreamRoute.streamQuery("/api/v1.3/events/%2E%2E/x", params())).isEmpty();
        assertThat(EventStreamRoute.streamQuery("/api/v1.3/events", params("stream", "false"))).isEmpty();
        assertThat(EventStreamRoute.streamQuery("/api/v1.3/events", params("stream", "maybe"))).isEmpty();
        assertThat(EventStreamRoute.streamQuery("/api/v1.3/events",
                params("stream", "true", "start_time", "2026-01-01T00:00:00Z"))).isEmpty();
        assertThat(EventStreamRoute.streamQuery("/api/v2.0/events", params("stream", "true", "count", "x"))).isEmpty();
        assertThat(EventStreamRoute.streamQuery("/api/v1.0/events", params("stream", "true"))).isEmpty();
        assertThat(EventStreamRoute.streamQuery("/api/v9.9/events", params("stream", "true"))).isEmpty();
        assertThat(EventStreamRoute.streamQuery("/api/v1.3/containers", params("stream", "true"))).isEmpty();
        assertThat(EventStreamRoute.streamQuery("/api/v1.3/events/%2E%2E/x", params("stream", "true"))).isEmpty();
    }

    @Test
    void aBodyThatIsNotJsonIsDescribedWithoutTheParsersWords() {
        ObjectMapper mapper = new ObjectMapper();
        String deep = "[".repeat(5000) + "]".repeat(5000);
        ApiError nested = org.assertj.core.api.Assertions.catchThrowableOfType(
                () -> ContainerInfoRequest.parse(deep, mapper), ApiError.class);
        assertThat(nested.getMessage()).isEqualTo(
                "unable to decode the json value: the document is nested too deeply or holds a value too long");
        ApiError nan = org.assertj.core.api.Assertions.catchThrowableOfType(
                () -> ContainerInfoRequest.parse("{\"num_stats\":NaN}", mapper), ApiError.class);
        assertThat(nan.getMessage()).isEqualTo("unable to decode the json value: not valid JSON at line 1, column 17")
                .doesNotContain("JsonReadFeature").doesNotContain("StreamReadConstraints");
    }

    private static MultiMap params(String... pairs) {
        MultiMap m = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < pairs.length; i += 2) {
            m.add(pairs[i], pairs[i + 1]);
        }
        return m;
    }
}
