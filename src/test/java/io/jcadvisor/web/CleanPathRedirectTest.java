package io.jcadvisor.web;

import io.jcadvisor.api.ApiTestProfile;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Go {@code ServeMux} path cleaning ({@code docs/api.md} §1.1): requests sent exactly as written (the JDK
 * client neither cleans paths nor follows redirects), on the API fixture host.
 */
@QuarkusTest
@TestProfile(ApiTestProfile.class)
class CleanPathRedirectTest {

    @TestHTTPResource("/")
    URL root;

    final HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> get(String rawPath) throws Exception {
        URI uri = URI.create("http://" + root.getHost() + ":" + root.getPort() + rawPath);
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @CsvSource({
            "//api/v1.0/machine, /api/v1.0/machine",
            "/api/./v1.0/machine, /api/v1.0/machine",
            "/a/../api/v1.0/machine, /api/v1.0/machine",
            "/a/../api/v1.0/machine?x=1&y=%2F, /api/v1.0/machine?x=1&y=%2F",
            "/%2e%2e/api/v2.1/machine, /api/v2.1/machine",
            "/api/v1.0/containers//docker/, /api/v1.0/containers/docker/",
            "/../../etc/passwd, /etc/passwd",
            "/containers//caf%C3%A9, /containers/caf%C3%A9",
            "///, /",
            "/api, /api/",
            "/validate, /validate/",
            "/./validate, /validate",
    })
    void nonCanonicalPathsAre301ToTheCleanedPath(String rawPath, String location) throws Exception {
        HttpResponse<String> answer = get(rawPath);
        assertThat(answer.statusCode()).as(rawPath + " -> " + answer.body()).isEqualTo(301);
        assertThat(answer.headers().firstValue("Location")).as(rawPath).contains(location);
        assertThat(answer.body()).isEmpty();
    }

    @Test
    void theRedirectLeadsToTheAnswer() throws Exception {
        String location = get("//api/v1.0/machine").headers().firstValue("Location").orElseThrow();
        HttpResponse<String> followed = get(location);
        assertThat(followed.statusCode()).isEqualTo(200);
        assertThat(followed.body()).contains("num_cores");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/api/v1.0/containers/docker/../../etc",
            "/api/v1.0/containers/docker/%2E%2E/x",
            "/api/v1.0/containers/docker/..%2F..%2Fetc",
            "/api/v2.0/stats/..",
            "//api/v2.0/spec/./docker",
    })
    void aContainerNameThatClimbsIsStill400(String rawPath) throws Exception {
        HttpResponse<String> answer = get(rawPath);
        assertThat(answer.statusCode()).as(rawPath).isEqualTo(400);
        assertThat(answer.body()).startsWith("invalid container path");
    }

    @Test
    void uiRedirectsStayAsUpstream() throws Exception {
        assertThat(get("/containers").statusCode()).isEqualTo(301);
        assertThat(get("/containers").headers().firstValue("Location")).contains("containers/");
        assertThat(get("/docker").statusCode()).isEqualTo(301);
        // upstream's quirk: /podman falls into the catch-all's 307
        assertThat(get("/podman").statusCode()).isEqualTo(307);
        assertThat(get("/podman").headers().firstValue("Location")).contains("containers/");
    }

    @Test
    void exactPathsAreExact() throws Exception {
        assertThat(get("/metrics").statusCode()).isEqualTo(200);
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
        assertThat(get("/metrics/").statusCode()).isEqualTo(404);
        assertThat(get("/healthz/").statusCode()).isEqualTo(404);
        assertThat(get("/validate/").statusCode()).isEqualTo(200);
        assertThat(get("/api/v1.0/machine").statusCode()).isEqualTo(200);
    }

    @Test
    void malformedEscapesReachTheApiWhichRefusesThem() throws Exception {
        // The JDK client refuses to send a bad escape: written on the socket by hand.
        try (Socket socket = new Socket(root.getHost(), root.getPort())) {
            socket.getOutputStream().write(("GET //api/v1.0/containers/%zz HTTP/1.1\r\nHost: localhost\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 400");
        }
    }

    @Test
    void cleaningFollowsGosPathClean() {
        assertThat(CleanPathRedirect.clean("/a/b/../c/./d/")).isEqualTo("/a/c/d/");
        assertThat(CleanPathRedirect.clean("/../..")).isEqualTo("/");
        assertThat(CleanPathRedirect.clean("/a//b")).isEqualTo("/a/b");
        assertThat(CleanPathRedirect.clean("/a/..")).isEqualTo("/");
        assertThat(CleanPathRedirect.clean("/a/../")).isEqualTo("/");
        assertThat(CleanPathRedirect.clean("/containers/")).isEqualTo("/containers/");
        assertThat(CleanPathRedirect.encode("/a b/\r\n?#%")).isEqualTo("/a%20b/%0D%0A%3F%23%25");
        assertThat(CleanPathRedirect.climbsInContainerName("/api/v1.0/containers/..")).isTrue();
        assertThat(CleanPathRedirect.climbsInContainerName("/api/../containers/")).isFalse();
        assertThat(CleanPathRedirect.climbsInContainerName("/a/../api/v1.0/containers/..")).isFalse();
    }
}
