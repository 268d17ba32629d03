package io.jcadvisor.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

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
    void theExporterToolkitsWebConfigFlagMapsToOurKey() throws Exception {
        // node_exporter's spelling with two dashes, and one dash as Go's flag package takes it too
        assertThat(UpstreamFlags.parse(List.of("--web.config.file=/etc/web.yml")).properties())
                .containsExactly(Map.entry("cadvisor.web.config-file", "/etc/web.yml"));
        assertThat(UpstreamFlags.parse(List.of("-web.config.file", "/etc/web.yml")).properties())
                .containsExactly(Map.entry("cadvisor.web.config-file", "/etc/web.yml"));
    }

    @Test
    void knownMetricGroupsPassUnchanged() throws Exception {
        assertThat(UpstreamFlags.parse(List.of("-enable_metrics=cpu,diskIO,cpuLoad", "-disable_metrics=tcp,udp"))
                .properties()).containsExactly(Map.entry("cadvisor.metrics.enable", "cpu,diskIO,cpuLoad"),
                        Map.entry("cadvisor.metrics.disable", "tcp,udp"));
    }

    @Test
    void kubeletLabelsIsOurOwnBooleanFlag() throws Exception {
        assertThat(UpstreamFlags.parse(List.of("--kubelet_labels")).properties())
                .containsExactly(Map.entry("cadvisor.metrics.kubelet-labels", "true"));
        assertThat(UpstreamFlags.parse(List.of("-kubelet_labels=false")).properties())
                .containsExactly(Map.entry("cadvisor.metrics.kubelet-labels", "false"));
    }

    @Test
    void emptyDisableMetricsEnablesEverythingAsUpstream() throws Exception {
        assertThat(UpstreamFlags.parse(List.of("-disable_metrics=")).properties())
                .containsExactly(Map.entry("cadvisor.metrics.disable", "none"));
    }

    /**
     * Every flag of {@code docs/options.md} §3 (version aside) is known, takes its
     * documented default as a value, and a boolean standing alone does not swallow the next argument.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "port|8080|false",
        "listen_ip||false",
        "url_base_prefix||false",
        "prometheus_endpoint|/metrics|false",
        "http_auth_file||false",
        "http_auth_realm|localhost|false",
        "http_digest_file||false",
        "http_digest_realm|localhost|false",
        "profiling|false|true",
        "max_procs|0|false",
        "housekeeping_interval|1s|false",
        "max_housekeeping_interval|1m0s|false",
        "allow_dynamic_housekeeping|true|true",
        "initial_splay_factor|1.0|false",
        "jitter_factor|1.0|false",
        "global_housekeeping_interval|1m0s|false",
        "update_machine_info_interval|5m0s|false",
        "storage_duration|2m0s|false",
        "event_storage_age_limit|default=24h|false",
        "event_storage_event_limit|default=100000|false",
        "application_metrics_count_limit|100|false",
        "enable_load_reader|false|true",
        "log_cadvisor_usage|false|true",
        "docker_only|false|true",
        "raw_cgroup_prefix_whitelist||false",
        "disable_root_cgroup_stats|false|true",
        "container_hints|/etc/cadvisor/container_hints.json|false",
        "store_container_labels|true|true",
        "whitelisted_container_labels||false",
        "kubelet_labels|false|true",
        "env_metadata_whitelist||false",
        "docker_env_metadata_whitelist||false",
        "containerd_env_metadata_whitelist||false",
        "docker|unix:///var/run/docker.sock|false",
        "docker-tls|false|true",
        "docker-tls-cert|cert.pem|false",
        "docker-tls-key|key.pem|false",
        "docker-tls-ca|ca.pem|false",
        "docker_root|/var/lib/docker|false",
        "containerd|/run/containerd/containerd.sock|false",
        "containerd-namespace|k8s.io|false",
        "crio_client_timeout|0|false",
        "podman|unix:///var/run/podman/podman.sock|false",
        "mesos_agent|127.0.0.1:5051|false",
        "mesos_agent_timeout|10s|false",
        "machine_id_file|/etc/machine-id,/var/lib/dbus/machine-id|false",
        "boot_id_file|/proc/sys/kernel/random/boot_id|false",
        "disable_metrics|advtcp,cpu_topology,cpuset,hugetlb,memory_numa,process,referenced_memory,resctrl,sched,tcp,udp|false",
        "enable_metrics||false",
        "perf_events_config||false",
        "resctrl_interval|0|false",
        "referenced_reset_interval|0|false",
        "collector_cert||false",
        "collector_key||false",
        "storage_driver||false",
        "storage_driver_buffer_duration|1m0s|false",
        "storage_driver_db|cadvisor|false",
        "storage_driver_host|localhost:8086|false",
        "storage_driver_user|root|false",
        "storage_driver_password|root|false",
        "storage_driver_secure|false|true",
        "storage_driver_table|stats|false",
        "storage_driver_influxdb_retention_policy||false",
        "storage_driver_kafka_broker_list|localhost:9092|false",
        "storage_driver_kafka_topic|stats|false",
        "storage_driver_kafka_ssl_cert||false",
        "storage_driver_kafka_ssl_key||false",
        "storage_driver_kafka_ssl_ca||false",
        "storage_driver_kafka_ssl_verify|true|true",
        "storage_driver_es_host|http://localhost:9200|false",
        "storage_driver_es_index|cadvisor|false",
        "storage_driver_es_type|stats|false",
        "storage_driver_es_enable_sniffer|false|true",
        "bq_id||false",
        "bq_secret|notasecret|false",
        "bq_project_id||false",
        "bq_account||false",
        "bq_credentials_file||false",
        "v|2|false",
        "logtostderr|true|true",
        "alsologtostderr|false|true",
        "log_dir||false",
        "log_file||false",
        "log_file_max_size|1800|false",
        "stderrthreshold|2|false",
        "vmodule||false",
        "log_backtrace_at|:0|false",
        "skip_headers|false|true",
        "skip_log_headers|false|true",
        "add_dir_header|false|true",
        "one_output|false|true",
        "legacy_stderr_threshold_behavior|true|true"
    })
    void everyDocumentedUpstreamFlagIsAcceptedWithItsDefault(String name, String value, boolean bool)
            throws Exception {
        UpstreamFlags.parse(List.of("-" + name + "=" + (value == null ? "" : value)));
        if (bool) {
            assertThat(UpstreamFlags.parse(List.of("-" + name, "-port=1")).properties())
                    .containsEntry("quarkus.http.port", "1");
        } else if (value != null) {
            assertThat(UpstreamFlags.parse(List.of("--" + name, value, "-port=1")).properties())
                    .containsEntry("quarkus.http.port", "1");
        }
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

    @ParameterizedTest
    @ValueSource(strings = {"-h", "-help", "--help"})
    void helpIsAskedForNotAnUnknownFlag(String flag) {
        assertThatThrownBy(() -> UpstreamFlags.parse(List.of("-port=1", flag)))
                .isInstanceOf(UpstreamFlags.HelpRequested.class);
    }
}
