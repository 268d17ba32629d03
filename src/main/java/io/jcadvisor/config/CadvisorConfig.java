package io.jcadvisor.config;

import io.quarkus.runtime.configuration.MemorySize;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Every option of the agent, one tree under {@code cadvisor.}. Defaults equal upstream cAdvisor's
 * (see {@code docs/options.md}); the README maps each key to its upstream flag name.
 */
@ConfigMapping(prefix = "cadvisor")
public interface CadvisorConfig {

    /** Where the host is: every /proc, /sys and cgroup read goes under this root. */
    Host host();

    /** Collection cadence (upstream {@code -housekeeping_interval} and friends). */
    Housekeeping housekeeping();

    /** In-memory sample history (upstream {@code -storage_duration}). */
    Storage storage();

    /** Event store bounds (upstream {@code -event_storage_*}). */
    Events events();

    /** Which containers are tracked (upstream {@code -docker_only}, {@code -raw_cgroup_prefix_whitelist}). */
    Containers containers();

    /** Prometheus exposition and metric groups. */
    Metrics metrics();

    /** Container runtime endpoints. */
    Runtimes runtimes();

    /** Machine identity files and refresh. */
    Machine machine();

    /**
     * Path prefix of every route, e.g. {@code /cadvisor} ({@code -url_base_prefix}); empty for none.
     * Quarkus' own {@code /q/health/*} probes stay unprefixed.
     */
    Optional<String> urlBasePrefix();

    /** Authentication of the UI pages and {@code /static/} (upstream {@code -http_auth_*}, {@code -http_digest_*}). */
    Http http();

    /** TLS, Basic auth and headers on the main port from an exporter-toolkit web config file. */
    Web web();

    /**
     * The Prometheus exporter toolkit's web configuration ({@code --web.config.file} of node_exporter),
     * read by {@code io.jcadvisor.web.secure}.
     */
    interface Web {
        /** The YAML file ({@code -web.config.file}); empty = plain HTTP, no authentication, as upstream. */
        Optional<String> configFile();
    }

    /**
     * Bounds on what HTTP clients may hold on the main port (no upstream flags: upstream bounds none of
     * them). Size bounds on request lines, headers and bodies, and the idle timeout, are Quarkus' own
     * {@code quarkus.http.*} keys; see the README's "Hostile clients".
     */
    Limits limits();

    interface Limits {
        /**
         * Concurrent {@code /events?stream=true} subscriptions; one more is answered 429 with
         * {@code Retry-After}. Streams cost no thread, only a watcher and a connection.
         */
        @WithDefault("64")
        int eventStreams();

        /**
         * Blank line written on an otherwise silent event stream this often, so the connection idle
         * timeout ({@code quarkus.http.idle-timeout}) does not end a live subscription. Must be shorter
         * than that timeout.
         */
        @WithDefault("30s")
        Duration eventStreamKeepalive();

        /** Time a request body may take to arrive completely; a slower one is answered 408. */
        @WithDefault("10s")
        Duration bodyReadTimeout();

        /**
         * Concurrent heavy answers (container info, subcontainers, stats, summary, {@code /metrics});
         * one more is answered 503 with {@code Retry-After}, which bounds the memory a burst of
         * clients can take, and leaves CPU to the event loops (probes, streams) on a small node: the
         * default matches a 2-core node. Probes, {@code /machine} and the UI pages are never counted.
         */
        @WithDefault("2")
        int heavyRequests();

        /**
         * Size of each chunk of a streamed answer ({@code /metrics} and the API's JSON): it is built
         * into direct buffers of this size, each sent as it fills; an answer that fits one goes out
         * whole with its length.
         * Up to {@code 3 × heavy-requests} of them are kept for reuse (768 KiB at the defaults).
         * Smaller chunks hold less memory and cost more CPU per answer (one hand-over to the event
         * loop each).
         */
        @WithDefault("128K")
        MemorySize answerChunkSize();

        /**
         * Time a connection has to deliver a complete request head (request line and headers), counted
         * from the connection's accept for its first request, and from the first byte of each next
         * one (a silent keep-alive connection is left to {@code quarkus.http.idle-timeout}). A slower
         * head is answered 408 and the connection closed, however steadily its bytes trickle in.
         */
        @WithDefault("10s")
        Duration headerTimeout();

        /**
         * Connections served at once on the main port (HTTP and HTTPS together; the management port
         * is separate). A connection over the bound is still read, up to
         * {@link #overLimitConnections()} of them: its request is answered 503 with
         * {@code Retry-After} ({@code /healthz} is answered as usual) and the connection is closed.
         */
        @WithDefault("512")
        int maxConnections();

        /**
         * Connections beyond {@link #maxConnections()} that are still read so they can be answered
         * (503, or {@code /healthz}) and closed; one more is closed at accept, unanswered, since no
         * request has been read.
         */
        @WithDefault("64")
        int overLimitConnections();

        /** {@code Retry-After} sent with a 429 or 503 refusal, rounded up to whole seconds. */
        @WithDefault("5s")
        Duration retryAfter();

        /**
         * Time without a heavy request (answered or refused) after a burst of them, after which, and
         * once the samples the burst served have left the history ({@code cadvisor.storage.duration}:
         * their JSON is kept with them), the heap the burst grew is given back; also the period of the
         * check. One full collection, when the committed heap has grown by
         * at least {@link #memoryReturnMinGrowth()} bytes since the last check before the burst. The
         * serial collector only shrinks the heap at a full collection, and after a burst none comes by
         * itself (README "Hostile clients", bench/README.md "Memory after a burst"). {@code 0} turns it
         * off.
         */
        @WithDefault("30s")
        Duration memoryReturnQuiet();

        /**
         * Growth of the committed heap, in bytes, from its size at the last check before a burst (the
         * JVM's heap usage, read every {@link #memoryReturnQuiet()}) to its size a quiet period after the
         * burst, below which no collection is made: the burst grew the heap too little for its pause to
         * pay. Growth, not free space, is the test: after a burst the heap is full of the burst's
         * garbage, which the JVM counts as used until a collection.
         */
        @WithDefault("4194304")
        long memoryReturnMinGrowth();
    }

    /**
     * Basic or Digest authentication in front of the UI pages ({@code /containers/}, {@code /docker/},
     * {@code /podman/}) and {@code /static/}; the API, {@code /metrics}, {@code /healthz} and
     * {@code /validate/} are never protected, as upstream. Both files are read once at start.
     */
    interface Http {
        /** htpasswd file; set = HTTP Basic auth ({@code -http_auth_file}). */
        Optional<String> authFile();

        /** Realm of the Basic challenge ({@code -http_auth_realm}). */
        @WithDefault("localhost")
        String authRealm();

        /**
         * htdigest file ({@code user:realm:HA1} lines); set = HTTP Digest auth, unless
         * {@link #authFile()} is set too ({@code -http_digest_file}).
         */
        Optional<String> digestFile();

        /** Realm of the Digest challenge; only the file's lines of this realm count ({@code -http_digest_realm}). */
        @WithDefault("localhost")
        String digestRealm();
    }

    interface Host {
        /** Host root prefix; {@code /} on the host, {@code /rootfs} in the DaemonSet. */
        @WithDefault("/")
        String root();

        /**
         * Most cgroup files held open between samples (each is read again from offset 0 instead of being
         * opened and closed every sample); beyond it files are opened per read. At most a quarter of the
         * process's open-file limit is used whatever this says; 0 opens every file per read.
         */
        @WithDefault("4096")
        int maxOpenFiles();
    }

    interface Housekeeping {
        /** Base interval between samples of one container ({@code -housekeeping_interval}). */
        @WithDefault("1s")
        Duration interval();

        /** Upper bound of the dynamic interval ({@code -max_housekeeping_interval}). */
        @WithDefault("60s")
        Duration maxInterval();

        /** Double the interval while samples repeat ({@code -allow_dynamic_housekeeping}). */
        @WithDefault("true")
        boolean allowDynamic();

        /** Full cgroup re-walk period ({@code -global_housekeeping_interval}). */
        @WithDefault("1m")
        Duration globalInterval();

        /** Jitter of the first sample ({@code -initial_splay_factor}); negative means 1.0. */
        @WithDefault("1.0")
        double initialSplayFactor();

        /** Jitter of later samples ({@code -jitter_factor}); negative means 1.0, 0 none. */
        @WithDefault("1.0")
        double jitterFactor();

        /** Threads that take samples in parallel. */
        @WithDefault("2")
        int workers();

        /** Watch cgroup directories with inotify between global walks. */
        @WithDefault("true")
        boolean watch();

        /**
         * Coalescing of due times (no upstream flag): the housekeeping driver wakes only on multiples of
         * this (epoch based) and takes every container due within half of it either side, so a container
         * is sampled at most half of it early or late, and on average on time. Capped at the interval;
         * at most 2 s ({@code io.jcadvisor.manager.HousekeepingDriver#MAX_SLEEP}).
         */
        @WithDefault("500ms")
        Duration timerSlack();
    }

    interface Storage {
        /** Max age of cached samples per container ({@code -storage_duration}). */
        @WithDefault("2m")
        Duration duration();

        /** Max samples cached per container, whatever their age (upstream has no count bound). */
        @WithDefault("240")
        int maxSamples();

        /**
         * Bytes of held samples' JSON kept for reuse by API answers, all containers together (ours; see
         * {@code docs/data-sources.md}, "Stats cache"); beyond it samples are serialized on every answer.
         * 0 keeps none.
         */
        @WithDefault("16M")
        MemorySize jsonCacheSize();

        /**
         * Where samples go besides the cache ({@code -storage_driver}): {@code stdout}, {@code statsd},
         * {@code redis}, {@code influxdb}; absent or empty = memory only. Any other name stops start-up.
         */
        Optional<List<String>> driver();

        /** Batch window of the influxdb and redis drivers ({@code -storage_driver_buffer_duration}). */
        @WithDefault("1m")
        Duration driverBufferDuration();

        /** influxdb database, redis list key, statsd prefix ({@code -storage_driver_db}). */
        @WithDefault("cadvisor")
        String driverDb();

        /**
         * host:port of the influxdb, redis or statsd peer; the stdout driver's "host"
         * ({@code -storage_driver_host}).
         */
        @WithDefault("localhost:8086")
        String driverHost();

        /** influxdb user ({@code -storage_driver_user}); empty sends no credentials. */
        @WithDefault("root")
        String driverUser();

        /** influxdb password ({@code -storage_driver_password}). */
        @WithDefault("root")
        String driverPassword();

        /** influxdb over https ({@code -storage_driver_secure}). */
        @WithDefault("false")
        boolean driverSecure();

        /** Table name ({@code -storage_driver_table}); only upstream's bigquery driver reads it. */
        @WithDefault("stats")
        String driverTable();

        /**
         * influxdb retention policy; absent = the database's default
         * ({@code -storage_driver_influxdb_retention_policy}).
         */
        Optional<String> driverInfluxdbRetentionPolicy();

        /**
         * Samples each driver queues at most while its peer is slow or down, and the batch size that
         * forces an early write (no upstream flag: upstream writes from the housekeeping goroutine).
         */
        @WithDefault("10000")
        int driverQueueSize();
    }

    interface Events {
        /** Per-type max age: {@code default=24h} or {@code type=duration,…} ({@code -event_storage_age_limit}). */
        @WithDefault("default=24h")
        String ageLimit();

        /** Per-type max count: {@code default=100000} ({@code -event_storage_event_limit}). */
        @WithDefault("default=100000")
        String eventLimit();
    }

    interface Containers {
        /** Track only runtime containers plus {@code /} ({@code -docker_only}). */
        @WithDefault("false")
        boolean dockerOnly();

        /** Raw cgroup name prefixes to accept; empty accepts all ({@code -raw_cgroup_prefix_whitelist}). */
        Optional<List<String>> rawCgroupPrefixWhitelist();

        /** Keep {@code /} but collect no stats for it ({@code -disable_root_cgroup_stats}). */
        @WithDefault("false")
        boolean disableRootCgroupStats();

        /** Env var name prefixes copied into {@code spec.envs} ({@code -env_metadata_whitelist}). */
        Optional<List<String>> envMetadataWhitelist();

        /**
         * Longest a new container is kept pending (not tracked, no event) while its runtime has not
         * described it yet, because it is still starting it; then it is tracked as a raw cgroup
         * (none upstream: it waits for the runtime's answer however long it takes).
         */
        @WithDefault("1m")
        Duration pendingTimeout();

        /** Bound on containers pending at once; beyond it a new one is tracked as raw at once. */
        @WithDefault("100")
        int maxPending();
    }

    interface Metrics {
        /** Groups switched off ({@code -disable_metrics}); an empty value enables all. */
        @WithDefault("advtcp,cpu_topology,cpuset,hugetlb,memory_numa,process,referenced_memory,resctrl,sched,tcp,udp")
        Optional<List<String>> disable();

        /** If set, exactly these groups are on and {@code disable} is ignored ({@code -enable_metrics}). */
        Optional<List<String>> enable();

        /** Every runtime label becomes a {@code container_label_*} ({@code -store_container_labels}). */
        @WithDefault("true")
        boolean storeContainerLabels();

        /** Labels kept when store-container-labels is off ({@code -whitelisted_container_labels}). */
        Optional<List<String>> whitelistedContainerLabels();

        /**
         * Container series also carry the kubelet's {@code namespace}, {@code pod} and {@code container}
         * labels, as its {@code /metrics/cadvisor} writes them ({@code -kubelet_labels}, not upstream's;
         * docs/metrics.md §3.1). Off: cAdvisor's label set, unchanged.
         */
        @WithDefault("false")
        boolean kubeletLabels();

        /** Bound on distinct container label names exported, so a runaway label set stays bounded. */
        @WithDefault("200")
        int maxLabelNames();

        /** Bound on one label value's length in characters; longer values are cut. */
        @WithDefault("1024")
        int maxLabelValueLength();

        /** Application metric values kept per container ({@code -application_metrics_count_limit}). */
        @WithDefault("100")
        int applicationMetricsCountLimit();

        /** Client certificate (PEM) for application-metrics HTTP scraping ({@code -collector_cert}). */
        Optional<String> collectorCert();

        /** Key (PEM) of {@link #collectorCert()} ({@code -collector_key}). */
        Optional<String> collectorKey();

        /** JSON file of perf events; absent = perf off ({@code -perf_events_config}). */
        Optional<String> perfEventsConfig();

        /**
         * The {@code perf} tool run to count perf events (no upstream flag: upstream links libpfm), as an
         * absolute path: the agent runs as root, so a helper is never looked up on {@code PATH}.
         */
        @WithDefault("/usr/bin/perf")
        String perfBinary();

        /** Refresh period of resctrl monitoring groups; 0 = never ({@code -resctrl_interval}). */
        @WithDefault("0s")
        Duration resctrlInterval();
    }

    interface Runtimes {
        Docker docker();

        Podman podman();

        /** Podman's service, reached through its Docker-compatible API (upstream head). */
        interface Podman {
            /** Podman API endpoint, {@code unix://} or {@code tcp://} ({@code -podman}). */
            @WithDefault("unix:///var/run/podman/podman.sock")
            String endpoint();

            /** Talk to Podman at all. An absent socket only turns Podman off (one info log). */
            @WithDefault("true")
            boolean enabled();
        }

        interface Docker {
            /** Docker API endpoint, {@code unix://} or {@code tcp://} ({@code -docker}). */
            @WithDefault("unix:///var/run/docker.sock")
            String endpoint();

            /** Fallback storage root ({@code -docker_root}); the daemon's own answer wins. */
            @WithDefault("/var/lib/docker")
            String root();

            /** Talk to Docker at all. */
            @WithDefault("true")
            boolean enabled();

            /** Writable-layer disk usage walk period. */
            @WithName("fs-usage-interval")
            @WithDefault("1m")
            Duration fsUsageInterval();

            /**
             * How stale a container's inspect answer (health, pid, restart count) may get while the event
             * stream is open, which reports changes as they happen: the safety net for an event the
             * stream lost (Docker and Podman; positive).
             */
            @WithName("inspect-refresh")
            @WithDefault("10m")
            Duration inspectRefresh();
        }

        Containerd containerd();

        interface Containerd {
            /** containerd's gRPC socket, a path or {@code unix://} path ({@code -containerd}). */
            @WithDefault("/run/containerd/containerd.sock")
            String endpoint();

            /** The one containerd namespace whose containers are tracked ({@code -containerd-namespace}). */
            @WithDefault("k8s.io")
            String namespace();

            /** Talk to containerd at all. */
            @WithDefault("true")
            boolean enabled();
        }
    }

    interface Machine {
        /** Candidate machine-id files, first readable wins ({@code -machine_id_file}). */
        @WithDefault("/etc/machine-id,/var/lib/dbus/machine-id")
        List<String> machineIdFile();

        /** Candidate boot-id files ({@code -boot_id_file}). */
        @WithDefault("/proc/sys/kernel/random/boot_id")
        List<String> bootIdFile();

        /** Machine info refresh ({@code -update_machine_info_interval}). */
        @WithDefault("5m")
        Duration updateInterval();
    }
}
