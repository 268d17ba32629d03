package io.jcadvisor.web;

import io.jcadvisor.api.ApiFixture;
import io.jcadvisor.api.ApiTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** {@code /healthz}, the root redirect and {@code /validate/} on the API fixture host. */
@QuarkusTest
@TestProfile(ApiTestProfile.class)
class WebAndValidateResourceTest {

    @Test
    void healthzIsOk() {
        given().get("/healthz").then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith("text/plain"))
                .body(equalTo("ok"));
    }

    @Test
    void rootRedirectsToTheUi() {
        given().redirects().follow(false).get("/").then().statusCode(307)
                .header("Location", equalTo("containers/"));
    }

    @Test
    void validateReportsEachSectionInUpstreamShape() {
        given().redirects().follow(false).get("/validate").then().statusCode(301).header("Location", "/validate/");
        String report = given().get("/validate/").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("text/plain")).extract().asString();
        assertThat(report).startsWith("cAdvisor version: ");
        assertThat(report).contains(
                "\n\nOS version: Debian GNU/Linux 12 (bookworm)\n\n",
                "Kernel version: [Supported and recommended]\n\tKernel version is 6.18.44-fc-v669. Versions >= 2.6 "
                        + "are supported. 3.0+ are recommended.\n\n",
                "Cgroup setup: [Supported and recommended]\n\tAvailable cgroups: map[blkio:1 cpu:1 cpuacct:1",
                "Cgroup mount setup: [Supported and recommended]\n\tLayout: hybrid",
                "Host root: [Supported and recommended]\n\tHost root is ",
                "Inotify watches: [Supported and recommended]\n\tmax_user_watches is 192536, max_user_instances is 128.",
                "Docker version: [Supported and recommended]\n\tDocker version is 20.10.24.",
                "\n\nDocker driver setup: [Supported and recommended]\n\tStorage driver is overlay2.\n\n",
                "\n\nBlock device setup: [Supported, but not recommended]\n\tNone of the devices use the 'cfq' or "
                        + "'bfq' I/O scheduler. Disk I/O bytes and operations are reported; time, sector and queue "
                        + "stats are not.\n\t Disk \"vda\" Scheduler type \"mq-deadline\".\n\n",
                "Managed containers: \n\t/\n",
                "\t" + ApiFixture.DOCKER_NAME + "\n\t\tNamespace: docker\n\t\tAliases:\n\t\t\tweb\n");
        // the runtime plugin's section comes after the host sections and before the containers
        assertThat(report.indexOf("Docker version")).isGreaterThan(report.indexOf("Inotify watches"))
                .isLessThan(report.indexOf("Docker driver setup"));
        assertThat(report.indexOf("Docker driver setup")).isLessThan(report.indexOf("Block device setup"));
        assertThat(report.indexOf("Block device setup")).isLessThan(report.indexOf("Managed containers"));
        assertThat(report).endsWith("\n\n");
    }
}
