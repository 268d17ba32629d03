package io.jcadvisor.config;


import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * cAdvisor's command line ({@code docs/options.md} §1): Go {@code flag} syntax ({@code -name},
 * {@code --name}, {@code -name=value}, {@code -name value} for non-booleans; parsing stops at
 * {@code --} or the first argument that is not a flag), translated into our config keys, so an
 * upstream DaemonSet's {@code args} work unchanged. Values are checked here, with Go's wording,
 * because a bad value must stop start-up before anything listens.
 *
 * <p>Three kinds of upstream flag: mapped to a key; accepted with no effect (logging, profiling,
 * runtimes we do not have), reported as a warning; and refused when ignoring them would be unsafe
 * or surprising. {@code -storage_driver} names are checked here too: the drivers jcadvisor lacks
 * ({@code kafka}, {@code elasticsearch}, {@code bigquery}) are refused, and their options only warned
 * about. So are the {@link MetricKind} names of {@code -disable_metrics} and {@code -enable_metrics}.
 */
public final class UpstreamFlags {

    private enum Kind { BOOL, DURATION, INT, FLOAT, STRING }

    private record Flag(String key, Kind kind) {
    }

    private static final Map<String, Flag> MAPPED = new LinkedHashMap<>();
    /** Upstream flags we take and ignore: no effect on what we serve, or a runtime we do not support. */
    private static final Set<String> IGNORED = Set.of(
            "profiling", "enable_load_reader", "log_cadvisor_usage", "container_hints", "referenced_reset_interval",
            "docker_env_metadata_whitelist", "containerd_env_metadata_whitelist", "docker-tls", "docker-tls-cert",
            "docker-tls-key", "docker-tls-ca", "crio_client_timeout",
            "mesos_agent", "mesos_agent_timeout",
            // options of storage drivers we refuse by name (kafka, elasticsearch, bigquery)
            "storage_driver_kafka_broker_list", "storage_driver_kafka_topic", "storage_driver_kafka_ssl_cert",
            "storage_driver_kafka_ssl_key", "storage_driver_kafka_ssl_ca", "storage_driver_kafka_ssl_verify",
            "storage_driver_es_host", "storage_driver_es_index", "storage_driver_es_type",
            "storage_driver_es_enable_sniffer", "bq_id", "bq_secret", "bq_project_id", "bq_account",
            "bq_credentials_file",
            // klog
            "logtostderr", "alsologtostderr", "log_dir", "log_file", "log_file_max_size", "stderrthreshold",
            "vmodule", "log_backtrace_at", "skip_headers", "skip_log_headers", "add_dir_header", "one_output",
            "legacy_stderr_threshold_behavior");
    /** Boolean flags among {@link #IGNORED} (Go lets a boolean stand alone, others take the next argument). */
    private static final Set<String> IGNORED_BOOLS = Set.of("profiling", "enable_load_reader", "log_cadvisor_usage",
            "docker-tls", "logtostderr", "alsologtostderr", "skip_headers", "skip_log_headers", "add_dir_header",
            "one_output", "legacy_stderr_threshold_behavior", "storage_driver_kafka_ssl_verify",
            "storage_driver_es_enable_sniffer");

    static {
        map("port", "quarkus.http.port", Kind.INT);
        map("listen_ip", "quarkus.http.host", Kind.STRING);
        map("housekeeping_interval", "cadvisor.housekeeping.interval", Kind.DURATION);
        map("max_housekeeping_interval", "cadvisor.housekeeping.max-interval", Kind.DURATION);
        map("allow_dynamic_housekeeping", "cadvisor.housekeeping.allow-dynamic", Kind.BOOL);
        map("global_housekeeping_interval", "cadvisor.housekeeping.global-interval", Kind.DURATION);
        map("initial_splay_factor", "cadvisor.housekeeping.initial-splay-factor", Kind.FLOAT);
        map("jitter_factor", "cadvisor.housekeeping.jitter-factor", Kind.FLOAT);
        map("max_procs", "cadvisor.housekeeping.workers", Kind.INT);
        map("storage_duration", "cadvisor.storage.duration", Kind.DURATION);
        map("storage_driver", "cadvisor.storage.driver", Kind.STRING);
        map("storage_driver_buffer_duration", "cadvisor.storage.driver-buffer-duration", Kind.DURATION);
        map("storage_driver_db", "cadvisor.storage.driver-db", Kind.STRING);
        map("storage_driver_host", "cadvisor.storage.driver-host", Kind.STRING);
        map("storage_driver_user", "cadvisor.storage.driver-user", Kind.STRING);
        map("storage_driver_password", "cadvisor.storage.driver-password", Kind.STRING);
        map("storage_driver_secure", "cadvisor.storage.driver-secure", Kind.BOOL);
        map("storage_driver_table", "cadvisor.storage.driver-table", Kind.STRING);
        map("storage_driver_influxdb_retention_policy", "cadvisor.storage.driver-influxdb-retention-policy",
                Kind.STRING);
        map("event_storage_age_limit", "cadvisor.events.age-limit", Kind.STRING);
        map("event_storage_event_limit", "cadvisor.events.event-limit", Kind.STRING);
        map("docker_only", "cadvisor.containers.docker-only", Kind.BOOL);
        map("raw_cgroup_prefix_whitelist", "cadvisor.containers.raw-cgroup-prefix-whitelist", Kind.STRING);
        map("disable_root_cgroup_stats", "cadvisor.containers.disable-root-cgroup-stats", Kind.BOOL);
        map("env_metadata_whitelist", "cadvisor.containers.env-metadata-whitelist", Kind.STRING);
        map("disable_metrics", "cadvisor.metrics.disable", Kind.STRING);
        map("enable_metrics", "cadvisor.metrics.enable", Kind.STRING);
        map("store_container_labels", "cadvisor.metrics.store-container-labels", Kind.BOOL);
        map("whitelisted_container_labels", "cadvisor.metrics.whitelisted-container-labels", Kind.STRING);
        // not upstream's: the kubelet's namespace/pod/container labels (docs/metrics.md §3.1)
        map("kubelet_labels", "cadvisor.metrics.kubelet-labels", Kind.BOOL);
        map("application_metrics_count_limit", "cadvisor.metrics.application-metrics-count-limit", Kind.INT);
        map("collector_cert", "cadvisor.metrics.collector-cert", Kind.STRING);
        map("collector_key", "cadvisor.metrics.collector-key", Kind.STRING);
        map("perf_events_config", "cadvisor.metrics.perf-events-config", Kind.STRING);
        map("resctrl_interval", "cadvisor.metrics.resctrl-interval", Kind.DURATION);
        map("docker", "cadvisor.runtimes.docker.endpoint", Kind.STRING);
        map("docker_root", "cadvisor.runtimes.docker.root", Kind.STRING);
        map("podman", "cadvisor.runtimes.podman.endpoint", Kind.STRING);
        map("containerd", "cadvisor.runtimes.containerd.endpoint", Kind.STRING);
        map("containerd-namespace", "cadvisor.runtimes.containerd.namespace", Kind.STRING);
        map("machine_id_file", "cadvisor.machine.machine-id-file", Kind.STRING);
        map("boot_id_file", "cadvisor.machine.boot-id-file", Kind.STRING);
        map("update_machine_info_interval", "cadvisor.machine.update-interval", Kind.DURATION);
        map("url_base_prefix", "cadvisor.url-base-prefix", Kind.STRING);
        map("http_auth_file", "cadvisor.http.auth-file", Kind.STRING);
        map("http_auth_realm", "cadvisor.http.auth-realm", Kind.STRING);
        map("http_digest_file", "cadvisor.http.digest-file", Kind.STRING);
        map("http_digest_realm", "cadvisor.http.digest-realm", Kind.STRING);
        // not upstream's: the exporter toolkit's flag (node_exporter --web.config.file), which cAdvisor lacks
        map("web.config.file", "cadvisor.web.config-file", Kind.STRING);
        map("prometheus_endpoint", null, Kind.STRING);
        map("v", null, Kind.INT);
        map("version", null, Kind.BOOL);
    }

    private static void map(String flag, String key, Kind kind) {
        MAPPED.put(flag, new Flag(key, kind));
    }

    /**
     * The outcome of parsing.
     *
     * @param properties  config keys and values to set, in command-line order (a later flag wins)
     * @param warnings    what was accepted but has no effect, one line each
     * @param printVersion {@code -version} was given
     */
    public record Parsed(Map<String, String> properties, List<String> warnings, boolean printVersion) {
    }

    /** A flag or value that upstream would reject too; the message is Go's wording. */
    public static class FlagException extends Exception {
        FlagException(String message) {
            super(message);
        }
    }

    /** {@code -h} or {@code -help}: Go's flag package prints the usage and exits 0. */
    public static final class HelpRequested extends FlagException {
        HelpRequested() {
            super("help requested");
        }
    }

    private UpstreamFlags() {
    }

    /**
     * Parses a command line.
     *
     * @throws FlagException for an unknown flag, a missing or malformed value, or a refused flag
     */
    public static Parsed parse(List<String> args) throws FlagException {
        Map<String, String> properties = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        boolean version = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--")) {
                warnAboutRest(args, i + 1, warnings);
                break;
            }
            if (arg.length() < 2 || arg.charAt(0) != '-') {
                warnAboutRest(args, i, warnings);
                break;
            }
            String body = arg.startsWith("--") ? arg.substring(2) : arg.substring(1);
            if (body.isEmpty() || body.startsWith("-") || body.startsWith("=")) {
                throw new FlagException("bad flag syntax: " + arg);
            }
            int eq = body.indexOf('=');
            String name = eq < 0 ? body : body.substring(0, eq);
            String value = eq < 0 ? null : body.substring(eq + 1);
            if (name.equals("h") || name.equals("help")) {
                throw new HelpRequested();
            }
            Flag flag = MAPPED.get(name);
            boolean bool = flag != null ? flag.kind() == Kind.BOOL : IGNORED_BOOLS.contains(name);
            if (flag == null && !IGNORED.contains(name)) {
                throw new FlagException("flag provided but not defined: -" + name);
            }
            if (value == null) {
                if (bool) {
                    value = "true";
                } else if (i + 1 < args.size()) {
                    value = args.get(++i);
                } else {
                    throw new FlagException("flag needs an argument: -" + name);
                }
            }
            if (flag == null) {
                warnings.add("flag -" + name + " is accepted for compatibility and has no effect");
                continue;
            }
            String checked = check(name, flag.kind(), value);
            switch (name) {
                case "version" -> version = Boolean.parseBoolean(checked);
                case "prometheus_endpoint" -> {
                    if (!checked.equals("/metrics")) {
                        throw new FlagException("flag -prometheus_endpoint=" + value
                                + " is not supported by jcadvisor: /metrics is the only endpoint");
                    }
                }
                // klog verbosity: 4 and up is where upstream logs per-container detail
                case "v" -> properties.put("quarkus.log.category.\"io.jcadvisor\".level",
                        Integer.parseInt(checked) >= 4 ? "DEBUG" : "INFO");
                // an empty value would read as unset and bring the default list back; upstream means "none"
                case "disable_metrics" -> properties.put(flag.key(),
                        checked.isBlank() ? "none" : checkMetricGroups(name, checked));
                case "enable_metrics" -> properties.put(flag.key(), checkMetricGroups(name, checked));
                case "listen_ip" -> properties.put(flag.key(), checked.isEmpty() ? "0.0.0.0" : checked);
                case "storage_driver" -> properties.put(flag.key(), checkStorageDrivers(checked));
                case "max_procs" -> {
                    // upstream: < 1 means "as many as CPUs"; our pool keeps its default then
                    if (Integer.parseInt(checked) >= 1) {
                        properties.put(flag.key(), checked);
                    }
                }
                default -> properties.put(flag.key(), checked);
            }
        }
        return new Parsed(properties, List.copyOf(warnings), version);
    }

    private static void warnAboutRest(List<String> args, int from, List<String> warnings) {
        if (from < args.size()) {
            warnings.add("arguments after the flags are ignored: " + String.join(" ", args.subList(from, args.size())));
        }
    }

    /** The value as our config reads it, or Go's error for a malformed one. */
    private static String check(String name, Kind kind, String value) throws FlagException {
        try {
            return switch (kind) {
                case BOOL -> Boolean.toString(parseGoBool(value));
                case DURATION -> {
                    Duration d = GoDuration.parse(value);
                    yield d.toString();
                }
                case INT -> Integer.toString(Integer.parseInt(value.trim()));
                case FLOAT -> Double.toString(Double.parseDouble(value.trim()));
                case STRING -> value;
            };
        } catch (IllegalArgumentException e) {
            String what = kind == Kind.BOOL ? "invalid boolean value" : "invalid value";
            throw new FlagException(what + " \"" + value + "\" for flag -" + name + ": parse error");
        }
    }

    /**
     * {@code -storage_driver}: upstream exits on a name it does not know; we also refuse the upstream
     * drivers we do not implement, naming them.
     */
    private static String checkStorageDrivers(String value) throws FlagException {
        for (String name : value.split(",")) {
            String n = name.strip();
            if (n.isEmpty() || Set.of("influxdb", "redis", "statsd", "stdout").contains(n)) {
                continue;
            }
            if (Set.of("kafka", "elasticsearch", "bigquery").contains(n)) {
                throw new FlagException("storage driver " + n + " is not supported by jcadvisor (see README, "
                        + "\"Storage drivers\"); remove it to start");
            }
            throw new FlagException("unknown backend storage driver: " + n);
        }
        return value;
    }

    /**
     * {@code -disable_metrics} / {@code -enable_metrics}: upstream's flag value refuses a group it does
     * not know, so Go's flag package exits 2 before anything starts.
     */
    private static String checkMetricGroups(String name, String value) throws FlagException {
        try {
            MetricKind.parse(List.of(value.split(",")));
        } catch (IllegalArgumentException e) {
            throw new FlagException("invalid value \"" + value + "\" for flag -" + name + ": " + e.getMessage());
        }
        return value;
    }

    /** Go's {@code strconv.ParseBool}. */
    private static boolean parseGoBool(String value) {
        return switch (value) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw new IllegalArgumentException(value.toLowerCase(Locale.ROOT));
        };
    }
}
