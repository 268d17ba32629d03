package io.jcadvisor.container.engine;

import io.vertx.core.net.SocketAddress;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VertxDockerClientTest {

    @Test
    void unixEndpointIsADomainSocket() {
        SocketAddress a = VertxDockerClient.serverAddress("unix:///var/run/docker.sock");

        assertThat(a.isDomainSocket()).isTrue();
        assertThat(a.path()).isEqualTo("/var/run/docker.sock");
    }

    @Test
    void tcpEndpointIsHostAndPort() {
        SocketAddress a = VertxDockerClient.serverAddress("tcp://127.0.0.1:2376");

        assertThat(a.isInetSocket()).isTrue();
        assertThat(a.host()).isEqualTo("127.0.0.1");
        assertThat(a.port()).isEqualTo(2376);
        assertThat(VertxDockerClient.serverAddress("tcp://localhost").port()).isEqualTo(2375);
    }

    @Test
    void otherEndpointsFailNamingTheKey() {
        assertThatThrownBy(() -> VertxDockerClient.serverAddress("npipe:////./pipe/docker_engine"))
                .hasMessageContaining("cadvisor.runtimes.docker.endpoint");
        assertThatThrownBy(() -> VertxDockerClient.serverAddress("unix://"))
                .hasMessageContaining("cadvisor.runtimes.docker.endpoint");
        assertThatThrownBy(() -> VertxDockerClient.serverAddress("ftp://x", "cadvisor.runtimes.podman.endpoint"))
                .hasMessageContaining("cadvisor.runtimes.podman.endpoint");
    }

    @Test
    void podmansAnswerForAContainerRemovedMeanwhileMeansNotFound() {
        // Podman 4.3.1, GET /containers/<id>/json during `podman rm`: status 500.
        assertThat(VertxDockerClient.noSuchContainer("container d28c87e05df6 does not exist in database: no such container"))
                .isTrue();
        assertThat(VertxDockerClient.noSuchContainer("No such container: d28c87e05df6")).isTrue();
        assertThat(VertxDockerClient.noSuchContainer("database is locked")).isFalse();
        assertThat(VertxDockerClient.noSuchContainer(null)).isFalse();
    }
}
