#!/usr/bin/env bash
# Scrapes a running agent's /metrics N times and reports latency (median, p90), bytes, samples and the
# agent's CPU time per scrape (utime+stime from /proc/<pid>/stat before/after).
#
#   bench/metrics-scrape.sh [-u URL] [-p PID] [-n N] [-e ACCEPT_ENCODING]
#   bench/metrics-scrape.sh --start CONTAINERS [-n N]
#
# --start builds the agent with the "bench" build profile (SyntheticContainerSource with CONTAINERS
# Kubernetes-like containers, BENCH_LABELS runtime labels each, default 10), starts it on a free
# loopback port, measures, and stops it again. BENCH_JAVA_OPTS adds JVM options.
set -euo pipefail

url=http://127.0.0.1:8080/metrics
pid=""
n=20
warmup=30
encoding=""
start=""
while (($#)); do
  case $1 in
    -u) url=$2; shift 2 ;;
    -p) pid=$2; shift 2 ;;
    -n) n=$2; shift 2 ;;
    -w) warmup=$2; shift 2 ;;  # scrapes before measuring (JIT warm-up)
    -e) encoding=$2; shift 2 ;;
    --start) start=$2; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done

cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
agent=""
cleanup() {
  if [[ -n $agent ]]; then kill "$agent" 2>/dev/null || true; wait "$agent" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

if [[ -n $start ]]; then
  if [[ ! -f target/bench-app/quarkus-run.jar || -n ${REBUILD:-} ]]; then
    mvn -B -q package -DskipTests -Dquarkus.profile=bench -Dquarkus.package.output-directory=bench-app >&2
  fi
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  java ${BENCH_JAVA_OPTS:-} -Djcadvisor.bench.containers="$start" -Djcadvisor.bench.labels="${BENCH_LABELS:-10}" -Dquarkus.http.host=127.0.0.1 \
    -Dquarkus.http.port="$port" -Dquarkus.management.port=0 -jar target/bench-app/quarkus-run.jar >"$tmp/agent.log" 2>&1 &
  agent=$!
  pid=$agent
  url=http://127.0.0.1:$port/metrics
  for _ in $(seq 1 120); do curl -sf -o /dev/null "$url" && break; sleep 0.5; done
fi

if [[ -z $pid ]]; then
  port=$(sed -E 's#^[a-z]+://[^:/]+:?([0-9]*).*#\1#' <<<"$url"); port=${port:-80}
  pid=$(ss -ltnpH "sport = :$port" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
fi
[[ -n $pid && -r /proc/$pid/stat ]] || { echo "no agent process found (use -p PID)" >&2; exit 1; }

curl_args=(-s -o "$tmp/body" -w '%{time_total} %{size_download}\n')
[[ -n $encoding ]] && curl_args+=(-H "Accept-Encoding: $encoding")

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# CPU ticks per thread name (JIT compiler, GC, event loop, worker), to tell warm-up from steady state.
thread_ticks() {
  for t in /proc/"$1"/task/*; do
    printf '%s %s\n' "$(tr ' ' '_' <"$t/comm")" "$(awk '{print $14 + $15}' "$t/stat")"
  done 2>/dev/null | awk '{a[$1] += $2} END {for (k in a) print k, a[k]}' | sort
}
hz=$(getconf CLK_TCK)

for _ in $(seq 1 "$warmup"); do curl "${curl_args[@]}" "$url" >/dev/null; done

thread_ticks "$pid" >"$tmp/threads.before"
before=$(cpu_ticks "$pid")
: >"$tmp/times"
for _ in $(seq 1 "$n"); do curl "${curl_args[@]}" "$url" >>"$tmp/times"; done
after=$(cpu_ticks "$pid")
thread_ticks "$pid" >"$tmp/threads.after"

if [[ -n $encoding ]]; then body=$(gzip -dc "$tmp/body"); else body=$(cat "$tmp/body"); fi
samples=$(grep -vc '^#' <<<"$body" || true)
bytes=$(awk 'END {print $2}' "$tmp/times")
sort -n -k1,1 "$tmp/times" | awk -v n="$n" -v cpu=$((after - before)) -v hz="$hz" -v samples="$samples" \
  -v bytes="$bytes" -v url="$url" -v containers="${start:-?}" '
  { t[NR] = $1 * 1000 }
  END {
    med = (n % 2) ? t[(n + 1) / 2] : (t[n / 2] + t[n / 2 + 1]) / 2
    p90 = t[int(0.9 * n + 0.999)]
    printf "url=%s containers=%s scrapes=%d\n", url, containers, n
    printf "latency_ms median=%.1f p90=%.1f max=%.1f\n", med, p90, t[n]
    printf "bytes=%d samples=%d\n", bytes, samples
    printf "agent_cpu_ms_per_scrape=%.1f (clock tick %.0f ms)\n", cpu * 1000 / hz / n, 1000 / hz
  }'
join "$tmp/threads.before" "$tmp/threads.after" | awk -v n="$n" -v hz="$hz" '
  { d = $3 - $2; if (d > 0) printf "  thread %-18s %.1f ms/scrape\n", $1, d * 1000 / hz / n }' | sort -k3 -n -r
