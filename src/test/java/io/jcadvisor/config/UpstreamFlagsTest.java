package io.jcadvisor.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UpstreamFlagsTest {

    @Test
    void upstreamDaemonSetArgsMapToOurKeys() throws Exception {
        // The args of cAdvisor's own Kubernetes example, verbatim.
        UpstreamFlags.Parsed parsed = UpstreamFlags.parse(List.of("--housekeeping_interval=10s",
                "--max_housekeeping_interval=15s", "--event_storage_event_limit=default=0",
                "--event_storage_age_limit=default=0", "--enable_metrics=app,cpu,disk,diskIO,memory,network,process",
                "--docker_only", "--store_container_labels=false",
                "--whitelisted_container_labels=io.kubernetes.container.name,io.kubernetes.pod.name"));
        assertThat(parsed.properties()).containsExactly(
                Map.entry("cadvisor.housekeeping.interval", "PT10S"),
                Map.entry("cadvisor.housekeeping.max-interval", "PT15S"),
                Map.entry("cadvisor.events.event-limit", "default=0"),
                Map.entry("cadvisor.events.age-limit", "default=0"),
                Map.entry("cadvisor.metrics.enable", "app,cpu,disk,diskIO,memory,network,process"),
                Map.entry("cadvisor.containers.docker-only", "true"),
                Map.entry("cadvisor.metrics.store-container-labels", "false"),
                Map.entry("cadvisor.metrics.whitelisted-container-labels",
                        "io.kubernetes.container.name,io.kubernetes.pod.name"));
        assertThat(parsed.warnings()).isEmpty();
        assertThat(parsed.printVersion()).isFalse();
    }

    @Test
    void goSyntaxSpaceSeparatedValuesAndBooleans() throws Exception {
        UpstreamFlags.Parsed parsed = UpstreamFlags.parse(List.of("-port", "18080", "-listen_ip=", "-docker_only=F",
                "-allow_dynamic_housekeeping=0", "-storage_duration", "1m30s", "-jitter_factor=0.5", "-max_procs=0"));
        assertThat(parsed.properties()).containsExactly(
                Map.entry("quarkus.http.port", "18080"),
                Map.entry("quarkus.http.host", "0.0.0.0"),
                Map.entry("cadvisor.containers.docker-only", "false"),
                Map.entry("cadvisor.housekeeping.allow-dynamic", "false"),
                Map.entry("cadvisor.storage.duration", "PT1M30S"),
                Map.entry("cadvisor.housekeeping.jitter-factor", "0.5"));
    }

    @Test
    void storageDriverFlagsMapToTheStorageGroupAndForeignDriverOptionsOnlyWarn() throws Exception {
        UpstreamFlags.Parsed parsed = UpstreamFlags.parse(List.of("-storage_driver=influxdb,redis",
                "-storage_driver_host", "127.0.0.1:8086", "-storage_driver_db=metrics", "-storage_driver_secure",
                "-storage_driver_buffer_duration=30s", "-storage_driver_user=u", "-storage_driver_password=p",
                "-storage_driver_influxdb_retention_policy=week", "-storage_driver_kafka_ssl_verify",
                "-storage_driver_kafka_topic", "t"));
        assertThat(parsed.properties()).containsExactly(
                Map.entry("cadvisor.storage.driver", "influxdb,redis"),
                Map.entry("cadvisor.storage.driver-host", "127.0.0.1:8086"),
                Map.entry("cadvisor.storage.driver-db", "metrics"),
                Map.entry("cadvisor.storage.driver-secure", "true"),
                Map.entry("cadvisor.storage.driver-buffer-duration", "PT30S"),
                Map.entry("cadvisor.storage.driver-user", "u"),
                Map.entry("cadvisor.storage.driver-password", "p"),
                Map.entry("cadvisor.storage.driver-influxdb-retention-policy", "week"));
        assertThat(parsed.warnings()).containsExactly(
                "flag -storage_driver_kafka_ssl_verify is accepted for compatibility and has no effect",
                "flag -storage_driver_kafka_topic is accepted for compatibility and has no effect");
    }

    @Test
    void runtimeEndpointsMapToTheirRuntimeGroups() throws Exception {
        assertThat(UpstreamFlags.parse(List.of("-docker", "unix:///d.sock", "-podman=unix:///run/podman/podman.sock"))
                .properties()).containsExactly(
                        Map.entry("cadvisor.runtimes.docker.endpoint", "unix:///d.sock"),
                        Map.entry("cadvisor.runtimes.podman.endpoint", "unix:///run/podman/podman.sock"));
    }

    @Test
    void urlBasePrefixMapsToOurKey() throws Exception {
        assertThat(UpstreamFlags.parse(List.of("--url_base_prefix=/cadvisor")).properties())
                .containsExactly(Map.entry("cadvisor.url-base-prefix", "/cadvisor"));
    }

    @Test
    void authenticationFlagsMapToTheHttpKeys() throws Exception {
        assertThat(UpstreamFlags.parse(List.of("-http_auth_file", "/etc/htpasswd", "-http_auth_realm=ui",
                "--http_digest_file=/etc/htdigest", "-http_digest_realm", "dig")).properties()).containsExactly(
                Map.entry("cadvisor.http.auth-file", "/etc/htpasswd"),
                Map.entry("cadvisor.http.auth-realm", "ui"),
                Map.entry("cadvisor.http.digest-file", "/etc/htdigest"),
                Map.entry("cadvisor.http.digest-realm", "dig"));
    }

    @Test
    void knownMetricGroupsPassUnchanged() throws Exception {
        assertThat(UpstreamFlags.parse(List.of("-enable_metrics=cpu,diskIO,cpuLoad", "-disable_metrics=tcp,udp"))
                .properties()).containsExactly(Map.entry("cadvisor.metrics.enable", "cpu,diskIO,cpuLoad"),
                        Map.entry("cadvisor.metrics.disable", "tcp,udp"));
    }

    @Test
    void emptyDisableMetricsEnablesEverythingAsUpstream() throws Exception {
        assertThat(UpstreamFlags.parse(List.of("-disable_metrics=")).properties())
                .containsExactly(Map.entry("cadvisor.metrics.disable", "none"));
    }

    @Test
    void loggingAndUnsupportedRuntimeFlagsAreAcceptedWithAWarning() throws Exception {
        UpstreamFlags.Parsed parsed = UpstreamFlags.parse(List.of("-logtostderr", "-v=4", "-mesos_agent",
                "127.0.0.1:5051", "--profiling", "-prometheus_endpoint=/metrics"));
        assertThat(parsed.properties()).containsExactly(
                Map.entry("quarkus.log.category.\"io.jcadvisor\".level", "DEBUG"));
        assertThat(parsed.warnings()).containsExactly(
                "flag -logtostderr is accepted for compatibility and has no effect",
                "flag -mesos_agent is accepted for compatibility and has no effect",
                "flag -profiling is accepted for compatibility and has no effect");
    }

    @Test
    void containerdFlagsMapToTheContainerdRuntime() throws Exception {
        UpstreamFlags.Parsed parsed = UpstreamFlags.parse(List.of("-containerd", "/run/k3s/containerd/containerd.sock",
                "--containerd-namespace=moby"));
        assertThat(parsed.properties()).containsExactly(
                Map.entry("cadvisor.runtimes.containerd.endpoint", "/run/k3s/containerd/containerd.sock"),
                Map.entry("cadvisor.runtimes.containerd.namespace", "moby"));
        assertThat(parsed.warnings()).isEmpty();
    }

    @Test
    void parsingStopsAtTheFirstNonFlagLikeGo() throws Exception {
        UpstreamFlags.Parsed parsed = UpstreamFlags.parse(List.of("-docker_only", "extra", "-port=1"));
        assertThat(parsed.properties()).containsOnlyKeys("cadvisor.containers.docker-only");
        assertThat(parsed.warnings()).containsExactly("arguments after the flags are ignored: extra -port=1");
        assertThat(UpstreamFlags.parse(List.of("--", "-nope")).properties()).isEmpty();
    }

    @Test
    void versionFlag() throws Exception {
        assertThat(UpstreamFlags.parse(List.of("--version")).printVersion()).isTrue();
        assertThat(UpstreamFlags.parse(List.of("-version=false")).printVersion()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "-nope                          | flag provided but not defined: -nope",
        "-housekeeping_interval=10      | invalid value \"10\" for flag -housekeeping_interval: parse error",
        "-docker_only=yes               | invalid boolean value \"yes\" for flag -docker_only: parse error",
        "-port=http                     | invalid value \"http\" for flag -port: parse error",
        "-port                          | flag needs an argument: -port",
        "---port=1                      | bad flag syntax: ---port=1",
        "-=1                            | bad flag syntax: -=1",
        "-storage_driver=redis,kafka    | storage driver kafka is not supported by jcadvisor",
        "-storage_driver=mysql          | unknown backend storage driver: mysql",
        "-prometheus_endpoint=/prom     | flag -prometheus_endpoint=/prom is not supported by jcadvisor",
        "-disable_metrics=bogus         | invalid value \"bogus\" for flag -disable_metrics: unsupported metric \"bogus\" specified",
        "-disable_metrics=tcp,Bogus     | invalid value \"tcp,Bogus\" for flag -disable_metrics: unsupported metric \"Bogus\" specified",
        "-enable_metrics=accelerator    | invalid value \"accelerator\" for flag -enable_metrics: unsupported metric \"accelerator\" specified",
        "-enable_metrics=cpu,diskio     | invalid value \"cpu,diskio\" for flag -enable_metrics: unsupported metric \"diskio\" specified",
    })
    void badCommandLinesAreRefusedWithGosWording(String arg, String message) {
        assertThatThrownBy(() -> UpstreamFlags.parse(List.of(arg)))
                .isInstanceOf(UpstreamFlags.FlagException.class)
                .hasMessageStartingWith(message);
    }
}
