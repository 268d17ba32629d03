#!/usr/bin/env bash
# Load benchmark of the packaged agent on this host (root, cgroup v1/hybrid): for each count N it makes
# N empty cgroups jcadv-bench-1..N in the v1 hierarchies cpu, cpuacct, memory and pids, starts the agent
# through bin/run (its JVM flags, default settings), lets it warm up, then measures
#   - average CPU in cores over the window: (utime+stime) delta of /proc/<pid>/stat / CLK_TCK / seconds
#   - RSS (VmRSS of /proc/<pid>/status) at the end of the window
#   - median, p90 and max of curl's time_total over R requests to each measured endpoint
# and prints one table row per count. The cgroups and the agent are removed at the end, also on Ctrl-C
# or failure.
#
# Usage: bench/agent-load.sh [count...]     (default: 100 1000)
# Environment: WARMUP=30 WINDOW=60 REQUESTS=20 PORT=18090
#   EXTRA_JVM_FLAGS="-XX:TieredStopAtLevel=1"  run java directly with bin/run's flags plus these
set -euo pipefail
cd "$(dirname "$0")/.."

counts=("${@:-100 1000}")
read -r -a counts <<<"${counts[*]}"
warmup=${WARMUP:-30}
window=${WINDOW:-60}
requests=${REQUESTS:-20}
port=${PORT:-18090}
# the probes are on the management interface: a port of their own, picked free
mport=${MPORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("", 0)); print(s.getsockname()[1])')}
hierarchies=(cpu cpuacct memory pids)
endpoints=("/api/v2.0/stats?recursive=true&count=1" "/api/v1.3/subcontainers/")
clk_tck=$(getconf CLK_TCK)
log=$(mktemp -t jcadv-bench-agent.XXXXXX.log)
agent_pid=
made=0
top_threads=()

stop_agent() {
  if [[ -n $agent_pid ]] && kill -0 "$agent_pid" 2>/dev/null; then
    kill "$agent_pid" 2>/dev/null || true
    wait "$agent_pid" 2>/dev/null || true
  fi
  agent_pid=
}

remove_cgroups() {
  local i h
  for ((i = made; i >= 1; i--)); do
    for h in "${hierarchies[@]}"; do
      rmdir "/sys/fs/cgroup/$h/jcadv-bench-$i" 2>/dev/null || true
    done
  done
  made=0
}

cleanup() {
  stop_agent
  remove_cgroups
}
trap cleanup EXIT
trap 'exit 130' INT TERM

make_cgroups() {
  local n=$1 i h
  for ((i = made + 1; i <= n; i++)); do
    made=$i # before mkdir, so a half-made one is removed too
    for h in "${hierarchies[@]}"; do
      mkdir -p "/sys/fs/cgroup/$h/jcadv-bench-$i"
    done
  done
}

cpu_ticks() {
  # fields 14 and 15 of /proc/<pid>/stat, counted after the ")" that ends the command name
  local rest
  rest=$(sed 's/.*) //' "/proc/$1/stat")
  awk '{print $12 + $13}' <<<"$rest"
}

# "<tid> <ticks> <thread name>" for every thread of the process, sorted by tid
thread_ticks() {
  local t rest
  for t in /proc/"$1"/task/*; do
    rest=$(sed 's/.*) //' "$t/stat" 2>/dev/null) || continue
    echo "${t##*/} $(awk '{print $12 + $13}' <<<"$rest") $(tr ' ' '_' <"$t/comm")"
  done | sort
}

# median, p90 and max of the numbers on stdin (seconds), printed in milliseconds
quantiles() {
  sort -g | awk '{v[NR] = $1 * 1000} END {
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    p = int(NR * 0.9 + 0.999999); if (p < 1) p = 1
    printf "%.1f / %.1f / %.1f", m, v[p], v[NR]
  }'
}

for h in "${hierarchies[@]}"; do
  [[ -w /sys/fs/cgroup/$h/cgroup.procs ]] || { echo "needs root and the v1 hierarchy $h" >&2; exit 1; }
done
[[ -f target/quarkus-app/quarkus-run.jar ]] || mvn -B -ntp -q package -DskipTests

echo "# $(date -u +%FT%TZ) $(nproc) cores, $(uname -r); warm-up ${warmup}s, window ${window}s, ${requests} requests/endpoint${EXTRA_JVM_FLAGS:+; extra JVM flags: $EXTRA_JVM_FLAGS}"
printf '| cgroups made | containers tracked | CPU (cores) | RSS (MB) | stats?recursive=true&count=1 ms (median / p90 / max) | v1.3/subcontainers ms (median / p90 / max) | load avg (start → end) |\n'
printf '|---|---|---|---|---|---|---|\n'
for n in "${counts[@]}"; do
  make_cgroups "$n"
  load_start=$(cut -d' ' -f1-3 /proc/loadavg)
  if [[ -n ${EXTRA_JVM_FLAGS:-} ]]; then
    # bin/run's JVM and flags (bin/jvm)
    read -r -a run_flags <<<"$(bin/jvm --flags)"
    read -r -a extra_flags <<<"$EXTRA_JVM_FLAGS"
    QUARKUS_HTTP_PORT=$port QUARKUS_MANAGEMENT_PORT=$mport "$(bin/jvm)" "${run_flags[@]}" "${extra_flags[@]}" -jar target/quarkus-app/quarkus-run.jar \
      >"$log" 2>&1 &
  else
    QUARKUS_HTTP_PORT=$port QUARKUS_MANAGEMENT_PORT=$mport bin/run >"$log" 2>&1 &
  fi
  agent_pid=$!
  for ((i = 0; i < 600; i++)); do
    curl -sf -o /dev/null "http://127.0.0.1:$mport/q/health/ready" && break
    kill -0 "$agent_pid" 2>/dev/null || { echo "agent exited; log: $log" >&2; cat "$log" >&2; exit 1; }
    sleep 0.1
  done
  # a few unmeasured requests so the JIT has seen the request path, as on an agent that is scraped
  for ep in "${endpoints[@]}"; do
    for ((r = 0; r < 5; r++)); do curl -s -o /dev/null "http://127.0.0.1:$port$ep"; done
  done
  sleep "$warmup"
  t0=$(cpu_ticks "$agent_pid")
  thread_ticks "$agent_pid" >"$log.threads0"
  sleep "$window"
  t1=$(cpu_ticks "$agent_pid")
  thread_ticks "$agent_pid" >"$log.threads1"
  rss_kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$agent_pid/status")
  cores=$(awk -v d=$((t1 - t0)) -v hz="$clk_tck" -v s="$window" 'BEGIN {printf "%.4f", d / hz / s}')
  tracked=$(curl -s "http://127.0.0.1:$mport/q/health/ready" | sed -n 's/.*"containers": *\([0-9]*\).*/\1/p')
  lat=()
  for ep in "${endpoints[@]}"; do
    lat+=("$(for ((r = 0; r < requests; r++)); do
      curl -s -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$port$ep"
    done | quantiles)")
  done
  load_end=$(cut -d' ' -f1-3 /proc/loadavg)
  printf '| %d | %s | %s | %.1f | %s | %s | %s → %s |\n' "$n" "$tracked" "$cores" "$(awk -v k="$rss_kb" 'BEGIN {print k / 1024}')" \
    "${lat[0]}" "${lat[1]}" "$load_start" "$load_end"
  # where the CPU went: the busiest threads over the window (ticks of 1/CLK_TCK s), JVM threads included
  top_threads+=("$n: $(join "$log.threads0" "$log.threads1" | awk '{d = $4 - $2; if (d > 0) print d, $3}' |
    sort -rn | head -6 | awk '{printf "%s%s %d", (NR > 1 ? ", " : ""), $2, $1}')")
  if grep -E -q 'ERROR|Exception' "$log"; then
    echo "(agent log has errors: $log)" >&2
  fi
  stop_agent
done
echo
echo "busiest threads over the window (ticks): "
printf '  %s\n' "${top_threads[@]}"
if command -v docker >/dev/null; then
  echo "docker containers running at the end: $(docker ps -q 2>/dev/null | wc -l)"
fi
