package io.jcadvisor.validate;

import io.jcadvisor.host.HostFs;
import io.jcadvisor.machine.SysfsParser;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code /validate/} of the application on this host (real {@code /sys/block}, the real dockerd). */
@QuarkusTest
class ValidateLiveTest {

    @Test
    void reportsDockersStorageDriverAndEachDisksScheduler() {
        String report = given().get("/validate/").then().statusCode(200).extract().asString();

        assertThat(report).contains("\n\nDocker driver setup: [Supported and recommended]\n\tStorage driver is overlay2.\n\n");
        HostFs host = new HostFs(Path.of("/"));
        List<String> disks = host.list("/sys/block").stream()
                .filter(d -> !d.startsWith("loop") && !d.startsWith("ram") && !d.startsWith("sr")).toList();
        assertThat(disks).as("this host has a virtio disk").contains("vda");
        String section = report.substring(report.indexOf("Block device setup: "));
        for (String disk : disks) {
            String scheduler = host.readString("/sys/block/" + disk + "/queue/scheduler").map(SysfsParser::scheduler)
                    .orElse("none");
            assertThat(section).contains("\t Disk \"" + disk + "\" Scheduler type \"" + scheduler + "\".\n");
        }
    }
}
