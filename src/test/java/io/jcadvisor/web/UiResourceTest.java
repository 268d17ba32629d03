package io.jcadvisor.web;

import io.jcadvisor.api.ApiFixture;
import io.jcadvisor.api.ApiTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * The UI routes on the API fixture host ({@code /}, {@code /docker}, {@code /docker/<id>} alias
 * {@code web}, {@code /system.slice}): one HTML page for every container path, 404 naming an
 * unknown container, relative redirects and the static assets.
 */
@QuarkusTest
@TestProfile(ApiTestProfile.class)
class UiResourceTest {

    private static final String[] PAGE_IDS = {"id=\"title\"", "id=\"error\"", "id=\"container\"",
        "id=\"overview-list\"", "id=\"spec-list\"", "id=\"subcontainer-list\"", "id=\"cpu-chart\"",
        "id=\"memory-chart\"", "id=\"network-chart\"", "id=\"filesystems\"", "id=\"process-table\"",
        "id=\"machine-list\"", "id=\"docker-table\""};

    private static String page(String path, int status) {
        // the paths are sent as written: some carry percent-escapes and empty segments
        return given().urlEncodingEnabled(false).redirects().follow(false).get(path).then().statusCode(status)
                .contentType(startsWith("text/html")).extract().asString();
    }

    @Test
    void rootContainerPageHasTheScriptsAndEveryElement() {
        String html = page("/containers/", 200);
        assertThat(html).startsWith("<!DOCTYPE html>")
                .contains("<base href=\"../\">")
                .containsPattern("<script src=\"static/charts.js\\?v=[0-9a-f]{12}\"></script>")
                .containsPattern("<script src=\"static/containers.js\\?v=[0-9a-f]{12}\"></script>")
                .containsPattern("<link rel=\"stylesheet\" href=\"static/containers.css\\?v=[0-9a-f]{12}\">")
                .contains(PAGE_IDS)
                .contains("<p id=\"error\" class=\"error\" hidden></p>");
    }

    @Test
    void nestedContainerPageLinksBackToTheRoot() {
        String html = page("/containers" + ApiFixture.DOCKER_NAME, 200);
        // containers/docker/<id>: two directory levels below the root
        assertThat(html).contains("<base href=\"../../\">").contains(PAGE_IDS);
        assertThat(page("/containers/system.slice", 200)).contains("<base href=\"../\">");
    }

    @Test
    void unknownContainerAnswers404WithThePageNamingIt() {
        String html = page("/containers/some/sub/path", 404);
        assertThat(html).contains("<base href=\"../../../\">")
                .contains("<p id=\"error\" class=\"error\">failed to get container &quot;/some/sub/path&quot; "
                        + "with error: unknown container &quot;/some/sub/path&quot;</p>")
                .contains("static/containers.js");
    }

    @Test
    void markupInTheNameIsEscaped() {
        String html = page("/containers/%3Cb%3Ex", 404);
        assertThat(html).contains("&quot;/&lt;b&gt;x&quot;").doesNotContain("<b>x");
    }

    @Test
    void dockerListAndDockerContainerPages() {
        assertThat(page("/docker/", 200)).contains("<base href=\"../\">").contains(PAGE_IDS);
        assertThat(page("/docker/web", 200)).contains("<base href=\"../\">");
        assertThat(page("/docker/" + ApiFixture.ID.substring(0, 12), 200)).contains("<p id=\"error\" class=\"error\" hidden>");
        assertThat(page("/docker/nope", 404)).contains("failed to get container &quot;/nope&quot; with error: ");
        assertThat(page("/docker/web/extra", 404)).contains("unknown request for Docker container [web extra]");
    }

    @Test
    void podmanListAndPodmanContainerPages() {
        // The fixture host has no Podman containers: the list page, and upstream's 404 for one.
        assertThat(page("/podman/", 200)).contains("<base href=\"../\">").contains(PAGE_IDS);
        assertThat(page("/podman/nope", 404)).contains("failed to get container &quot;/nope&quot; with error: ");
        assertThat(page("/podman/web/extra", 404)).contains("unknown request for Podman container [web extra]");
        given().get("/api/v2.0/spec/?type=podman&recursive=true").then().statusCode(200);
        given().get("/api/v2.0/stats/?type=podman&recursive=true&count=2").then().statusCode(200);
    }

    @Test
    void podmanWithoutTheSlashFallsIntoTheCatchAllAsUpstream() {
        given().redirects().follow(false).get("/podman").then().statusCode(307)
                .header("Location", equalTo("containers/"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"containers", "docker"})
    void withoutTheSlashRedirectsRelatively(String page) {
        given().redirects().follow(false).get("/" + page).then().statusCode(301)
                .header("Location", equalTo(page + "/"));
    }

    @Test
    void staticAssetsAreServedWithTheirTypes() {
        given().get("/static/containers.js").then().statusCode(200)
                .contentType(containsString("javascript")).body(containsString("location.pathname"));
        given().get("/static/charts.js").then().statusCode(200)
                .contentType(containsString("javascript")).body(containsString("drawChart"));
        given().get("/static/containers.css").then().statusCode(200)
                .contentType(startsWith("text/css"));
        given().get("/static/favicon.svg?v=0123456789ab").then().statusCode(200)
                .contentType(startsWith("image/svg+xml"));
    }

    @Test
    void apiCallsThePageMakesAnswerOnTheFixture() {
        given().body("{\"num_stats\":60}").post("/api/v1.0/containers/").then().statusCode(200)
                .body("name", equalTo("/"));
        given().body("{\"num_stats\":60}").post("/api/v1.3/docker/web").then().statusCode(200);
        given().get("/api/v1.0/machine").then().statusCode(200);
        given().get("/api/v2.0/ps" + ApiFixture.DOCKER_NAME).then().statusCode(200);
    }
}
