package io.jcadvisor.web;

import java.net.URL;
import io.quarkus.test.common.http.TestHTTPResource;
import io.jcadvisor.api.ApiTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** {@code -url_base_prefix}: every route under the prefix and nowhere else; the probes unprefixed. */
@QuarkusTest
@TestProfile(UrlBasePrefixTest.Prefixed.class)
class UrlBasePrefixTest {

    /** The probes are on the management interface, never on the main port. */
    // the management root is /q already
    @TestHTTPResource(value = "/health/live", management = true)
    URL live;

    public static class Prefixed extends ApiTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.put("cadvisor.url-base-prefix", "/cadvisor/");
            return config;
        }
    }

    @Test
    void everyRouteAnswersUnderThePrefix() {
        given().get("/cadvisor/healthz").then().statusCode(200).body(equalTo("ok"));
        given().get("/cadvisor/api/v2.1/machine").then().statusCode(200).body(containsString("num_cores"));
        given().get("/cadvisor/metrics").then().statusCode(200).body(containsString("machine_cpu_cores"));
        given().get("/cadvisor/validate/").then().statusCode(200);
        given().get("/cadvisor/containers/").then().statusCode(200).contentType(containsString("text/html"));
        given().get("/cadvisor/static/charts.js").then().statusCode(200);
    }

    @Test
    void theQueryStringSurvivesTheStrip() {
        // A bad parameter is refused by name: it reached the resource with the query intact.
        given().get("/cadvisor/api/v2.0/stats/?count=x").then().statusCode(400).body(containsString("count"));
    }

    @Test
    void outsideThePrefixIsNotFoundButTheProbesStay() {
        given().get("/api/v2.1/machine").then().statusCode(404).body(containsString("/cadvisor/"));
        given().get("/metrics").then().statusCode(404);
        given().get("/cadvisorx/healthz").then().statusCode(404);
        given().get(live).then().statusCode(200);
        given().get("/q/health/live").then().statusCode(404);
    }

    @Test
    void thePrefixAloneAndItsRootRedirectToTheUi() {
        assertThat(given().redirects().follow(false).get("/cadvisor").then().statusCode(307).extract()
                .header("Location")).isEqualTo("/cadvisor/containers/");
        assertThat(given().redirects().follow(false).get("/cadvisor/").then().statusCode(307).extract()
                .header("Location")).isEqualTo("containers/");
    }

    @Test
    void nonCanonicalPathsUnderThePrefixRedirectWithThePrefix() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Map<String, String> expected = Map.of(
                "/cadvisor//api/v1.0/machine", "/cadvisor/api/v1.0/machine",
                "/cadvisor/x/../api/v1.0/machine?a=b", "/cadvisor/api/v1.0/machine?a=b",
                "/cadvisor/validate", "/cadvisor/validate/",
                "/cadvisor/api", "/cadvisor/api/");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + RestAssured.port + e.getKey())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(e.getKey()).isEqualTo(301);
            assertThat(answer.headers().firstValue("Location")).as(e.getKey()).contains(e.getValue());
        }
    }

    @Test
    void prefixesAreNormalized() {
        assertThat(UrlBasePrefix.normalize("cadvisor/")).isEqualTo("/cadvisor");
        assertThat(UrlBasePrefix.normalize(" /a/b// ")).isEqualTo("/a/b");
        assertThat(UrlBasePrefix.normalize("/")).isEmpty();
        assertThat(UrlBasePrefix.normalize("")).isEmpty();
    }
}
