#!/usr/bin/env bash
# What TLS costs one /metrics scrape: the same agent build started twice in one run, first with no web
# config (plain HTTP), then with a web config holding only tls_server_config (RSA 2048 certificate from
# a CA made here with openssl), each over the same N idle busybox Docker containers.
#
#   bench/tls-scrape.sh        env: N=100 SCRAPES=100 WARMUP=30 IMAGE=jcadvisor/busybox:latest
#
# Per mode it prints, over SCRAPES scrapes after WARMUP unmeasured ones:
#   - "new connection": one curl per scrape, as a scraper without keep-alive (a full TLS handshake each);
#   - "keep-alive": one curl fetching the URL SCRAPES times over one connection, as Prometheus scrapes;
# each with the latency (median, p90) curl saw and the agent's CPU per scrape (utime+stime of the JVM
# from /proc/<pid>/stat around the loop, minus its idle CPU over an equal window measured just before).
# The agent runs with bin/run's JVM flags on free loopback ports. Containers are named tls-bench-<pid>-<i>
# and removed at exit, as are the certificates.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/containers.sh
N=${N:-100}
SCRAPES=${SCRAPES:-100}
WARMUP=${WARMUP:-30}
IMAGE=${IMAGE:-jcadvisor/busybox:latest}
PREFIX="tls-bench-$$"
jar=target/quarkus-app/quarkus-run.jar
tmp=$(mktemp -d "/tmp/$PREFIX.XXXXXX")
agent=""
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
log() { printf '[tls-scrape] %s\n' "$*" >&2; }

cleanup() {
  if [[ -n $agent ]] && kill -0 "$agent" 2>/dev/null; then kill "$agent"; wait "$agent" 2>/dev/null || true; fi
  remove_prefixed "$PREFIX" || true
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

docker info >/dev/null 2>&1 || { log "dockerd is not running: run bin/provision"; exit 1; }
if [[ ! -f $jar || -n $(find src/main pom.xml -newer "$jar" -print -quit) ]]; then
  mvn -B -ntp -q package -DskipTests
fi

log "certificates (openssl)"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$tmp/ca.key" -out "$tmp/ca.crt" -days 1 -subj "/CN=bench CA" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout "$tmp/server.key" -out "$tmp/server.csr" -subj "/CN=localhost" 2>/dev/null
echo "subjectAltName=DNS:localhost,IP:127.0.0.1" >"$tmp/san.ext"
openssl x509 -req -in "$tmp/server.csr" -CA "$tmp/ca.crt" -CAkey "$tmp/ca.key" -set_serial 1 -days 1 \
  -extfile "$tmp/san.ext" -out "$tmp/server.crt" 2>/dev/null
printf 'tls_server_config:\n  cert_file: %s\n  key_file: %s\n' "$tmp/server.crt" "$tmp/server.key" >"$tmp/web.yml"

log "starting $N idle containers ($IMAGE)"
for i in $(seq 1 "$N"); do
  docker run -d --name "$PREFIX-$i" "$IMAGE" sleep 3600 >/dev/null
done

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
# prints "median p90" in ms of the times (s) on stdin
stats() { sort -n | awk '{t[NR] = $1 * 1000} END {m = (NR % 2) ? t[(NR+1)/2] : (t[NR/2] + t[NR/2+1]) / 2; printf "%.1f %.1f\n", m, t[int(0.9 * NR + 0.999)]}'; }

echo "# $(date -u +%FT%TZ) $(nproc) cores, $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg); $N idle Docker containers; $SCRAPES scrapes per row after $WARMUP"
printf '| /metrics scrape | connection | latency median (ms) | p90 (ms) | agent CPU per scrape (ms) | bytes |\n'
printf '|---|---|---|---|---|---|\n'
for mode in plain tls; do
  port=$(free_port)
  mport=$(free_port)
  flags=(-port="$port" -listen_ip=127.0.0.1 -Dquarkus.management.port="$mport" -Dquarkus.management.host=127.0.0.1)
  curl_tls=(--http1.1)   # HTTP/1.1 both ways, as Prometheus scrapes: the difference is TLS alone
  url="http://127.0.0.1:$port/metrics"
  if [[ $mode == tls ]]; then
    flags+=(-web.config.file="$tmp/web.yml")
    curl_tls+=(--cacert "$tmp/ca.crt")
    url="https://localhost:$port/metrics"
  fi
  bin/run "${flags[@]}" >"$tmp/agent-$mode.log" 2>&1 &
  agent=$!   # bin/run execs java: this is the JVM
  for _ in $(seq 1 600); do
    tracked=$(curl -s "http://127.0.0.1:$mport/q/health/ready" | sed -n 's/.*"containers": *\([0-9]*\).*/\1/p' || true)
    [[ -n $tracked && $tracked -gt $N ]] && break
    kill -0 "$agent" 2>/dev/null || { log "agent exited:"; tail -20 "$tmp/agent-$mode.log" >&2; exit 1; }
    sleep 0.2
  done
  for _ in $(seq 1 "$WARMUP"); do curl -s -o /dev/null "${curl_tls[@]}" "$url"; done
  # idle CPU over as long as the measured loop will take, to subtract housekeeping's share
  measure() {  # $1 = label; the rest: the command that scrapes SCRAPES times, writing "time bytes" lines
    local label=$1; shift
    local t0 c0 t1 c1 idle_ticks
    t0=$(date +%s%N); c0=$(cpu_ticks "$agent")
    "$@" >"$tmp/times"
    t1=$(date +%s%N); c1=$(cpu_ticks "$agent")
    local idle_start
    idle_start=$(cpu_ticks "$agent"); sleep "$(awk -v ns=$((t1 - t0)) 'BEGIN {printf "%.3f", ns / 1e9}')"
    idle_ticks=$(($(cpu_ticks "$agent") - idle_start))
    read -r med p90 < <(awk '{print $1}' "$tmp/times" | stats)
    printf '| %s | %s | %s | %s | %.1f | %s |\n' "$mode" "$label" "$med" "$p90" \
      "$(awk -v d=$((c1 - c0 - idle_ticks)) -v hz="$hz" -v n="$SCRAPES" 'BEGIN {print d * 1000 / hz / n}')" \
      "$(awk 'END {print $2}' "$tmp/times")"
  }
  fresh() { for _ in $(seq 1 "$SCRAPES"); do curl -s -o /dev/null -w '%{time_total} %{size_download}\n' "${curl_tls[@]}" "$url"; done; }
  kept() {
    local args=()
    for _ in $(seq 1 "$SCRAPES"); do args+=(-o /dev/null "$url"); done
    curl -s -w '%{time_total} %{size_download}\n' "${curl_tls[@]}" "${args[@]}"
  }
  measure "new connection" fresh
  measure "keep-alive" kept
  kill "$agent"; wait "$agent" 2>/dev/null || true; agent=""
done
