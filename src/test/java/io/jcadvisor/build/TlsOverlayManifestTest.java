package io.jcadvisor.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.jcadvisor.web.secure.WebConfigParser;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kubernetes/tls/}, the overlay that puts TLS and Basic auth on the agent's port: its example web
 * config is one the agent takes, its files are where the Secret is mounted, and the probes are left on
 * the plain-HTTP management port of the base.
 */
class TlsOverlayManifestTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static Path dir() {
        return SourceFiles.project().resolve("kubernetes/tls");
    }

    @Test
    void theExampleWebConfigIsOneTheAgentTakesWithItsFilesInTheMountedSecret() throws IOException {
        JsonNode container = YAML.readTree(dir().resolve("daemonset-web-config.yaml").toFile())
                .at("/spec/template/spec/containers/0");
        String mount = container.at("/volumeMounts/0/mountPath").asText();
        assertThat(container.at("/volumeMounts/0/readOnly").asBoolean()).isTrue();
        // the environment variable of cadvisor.web.config-file
        assertThat(container.at("/env/0/name").asText()).isEqualTo("CADVISOR_WEB_CONFIG_FILE");
        String file = container.at("/env/0/value").asText();
        assertThat(file).isEqualTo(mount + "/web.yml");

        var config = WebConfigParser.parse(file, Files.readString(dir().resolve("web.yml.example")));
        var tls = config.tls().orElseThrow();
        assertThat(tls.certFile()).contains(mount + "/tls.crt");
        assertThat(tls.keyFile()).contains(mount + "/tls.key");
        assertThat(config.basicAuthUsers()).isNotEmpty();
    }

    @Test
    void theOverlayTouchesNeitherPortsNorProbes() throws IOException {
        String patch = Files.readString(dir().resolve("daemonset-web-config.yaml"));
        assertThat(patch).doesNotContain("Probe").doesNotContain("ports:");
        assertThat(Files.readString(dir().resolve("kustomization.yaml"))).contains("- ../");
    }
}
