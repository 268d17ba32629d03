package io.jcadvisor.web.secure;

import io.jcadvisor.host.AgentFiles;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.List;
import java.util.Map;

/**
 * With a {@code tls_server_config} in the web config file, Quarkus' HTTPS server takes {@code -port}
 * ({@code quarkus.http.port}; in tests {@code quarkus.http.test-port}) and its plain HTTP server is not
 * started ({@code quarkus.http.insecure-requests=disabled}): HTTPS on the agent's own port, plain HTTP
 * only on the management interface. Without one, nothing is set and the agent serves plain HTTP as before.
 *
 * <p>A file that cannot be read or parsed sets nothing here; {@link SecureTransport} then stops
 * start-up naming the problem, before any port opens. Ordinal 275: above {@code application.properties},
 * below environment variables and system properties, so an operator can still override.
 */
public final class TlsPortConfigSource implements ConfigSourceFactory {

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue file = context.getValue("cadvisor.web.config-file");
        if (file == null || file.getValue() == null || file.getValue().isBlank()) {
            return List.of();
        }
        boolean tls;
        try {
            tls = WebConfigParser.parse(file.getValue(), AgentFiles.read(file.getValue())).tls().isPresent();
        } catch (Exception e) {
            // reported with its key and file by SecureTransport at start
            return List.of();
        }
        if (!tls) {
            return List.of();
        }
        return List.of(new MapBackedConfigSource("jcadvisor web config TLS ports", Map.of(
                "quarkus.http.ssl-port", "${quarkus.http.port:8080}",
                "quarkus.http.test-ssl-port", "${quarkus.http.test-port:0}",
                "quarkus.http.insecure-requests", "disabled"), 275) {
        });
    }
}
