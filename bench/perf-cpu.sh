#!/usr/bin/env bash
# Extra CPU of the perf_event group on this host (root, cgroup v1/hybrid, perf installed, perf_event
# hierarchy mounted: bin/provision). Makes N cgroups perfb-1..N in perf_event, cpu, cpuacct, memory and
# pids, each with a shell that wakes once a second, then runs the packaged agent (bin/run, default
# settings: 1 s housekeeping, so perf prints every second) twice: perf off, then perf on with
# {"core":{"events":["task-clock","context-switches"]}}. For each run, over the window:
#   - agent CPU in cores: (utime+stime) delta of the JVM's /proc/<pid>/stat / CLK_TCK / seconds
#   - perf CPU in cores: the same summed over the agent's perf children (alive for the whole window)
#   - the perf children's count and summed Pss (smaps_rollup) at the end
# Everything it made (cgroups, shells, agent, config file) is removed at the end, also on failure.
#
# Usage: bench/perf-cpu.sh [N]     (default 10)
# Environment: WARMUP=20 WINDOW=60 PORT=18091
set -euo pipefail
cd "$(dirname "$0")/.."

n=${1:-10}
warmup=${WARMUP:-20}
window=${WINDOW:-60}
port=${PORT:-18091}
# the probes are on the management interface: a port of their own, picked free
mport=${MPORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("", 0)); print(s.getsockname()[1])')}
hierarchies=(perf_event cpu cpuacct memory pids)
clk_tck=$(getconf CLK_TCK)
log=$(mktemp -t perfh-bench.XXXXXX.log)
config=$(mktemp -t perfh-bench.XXXXXX.json)
echo '{"core":{"events":["task-clock","context-switches"]}}' >"$config"
agent_pid=
shells=()
made=0

stop_agent() {
  if [[ -n $agent_pid ]] && kill -0 "$agent_pid" 2>/dev/null; then
    kill "$agent_pid" 2>/dev/null || true
    wait "$agent_pid" 2>/dev/null || true
  fi
  agent_pid=
}

cleanup() {
  stop_agent
  local p i h
  for p in "${shells[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${shells[@]}"; do wait "$p" 2>/dev/null || true; done
  for ((i = made; i >= 1; i--)); do
    for h in "${hierarchies[@]}"; do
      for _ in 1 2 3 4 5; do rmdir "/sys/fs/cgroup/$h/perfb-$i" 2>/dev/null && break; sleep 0.1; done
    done
  done
  rm -f "$config"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ticks() {
  # fields 14 and 15 of /proc/<pid>/stat, counted after the ")" that ends the command name
  sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | awk '{print $12 + $13}'
}

perf_children() {
  pgrep -P "$agent_pid" -x perf || true
}

for h in "${hierarchies[@]}"; do
  [[ -w /sys/fs/cgroup/$h/cgroup.procs ]] || { echo "needs root and the v1 hierarchy $h (bin/provision)" >&2; exit 1; }
done
command -v perf >/dev/null || { echo "needs perf (linux-perf)" >&2; exit 1; }

for ((i = 1; i <= n; i++)); do
  made=$i
  for h in "${hierarchies[@]}"; do mkdir -p "/sys/fs/cgroup/$h/perfb-$i"; done
  sh -c 'while :; do sleep 1; done' &
  shells+=($!)
  for h in "${hierarchies[@]}"; do echo $! >"/sys/fs/cgroup/$h/perfb-$i/cgroup.procs"; done
done

echo "# $(date -u +%FT%TZ) $(nproc) cores, $(uname -r), $(perf --version); $n cgroups; warm-up ${warmup}s, window ${window}s"
printf '| perf | agent CPU (cores) | perf children CPU (cores) | total (cores) | perf children | their Pss (MB) |\n'
printf '|---|---|---|---|---|---|\n'
for mode in off on; do
  extra=()
  [[ $mode == on ]] && extra=("-Dcadvisor.metrics.perf-events-config=$config")
  QUARKUS_HTTP_PORT=$port QUARKUS_MANAGEMENT_PORT=$mport bin/run "${extra[@]}" >"$log" 2>&1 &
  agent_pid=$!
  for ((i = 0; i < 600; i++)); do
    curl -sf -o /dev/null "http://127.0.0.1:$mport/q/health/ready" && break
    kill -0 "$agent_pid" 2>/dev/null || { echo "agent exited; log: $log" >&2; cat "$log" >&2; exit 1; }
    sleep 0.1
  done
  # bin/run execs java, so $agent_pid is the JVM
  sleep "$warmup"
  children=($(perf_children))
  a0=$(ticks "$agent_pid"); c0=0
  for c in "${children[@]}"; do c0=$((c0 + $(ticks "$c"))); done
  sleep "$window"
  a1=$(ticks "$agent_pid"); c1=0; pss=0
  for c in "${children[@]}"; do
    c1=$((c1 + $(ticks "$c")))
    pss=$((pss + $(awk '/^Pss:/ {print $2}' "/proc/$c/smaps_rollup")))
  done
  printf '| %s | %s | %s | %s | %d | %.1f |\n' "$mode" \
    "$(awk -v d=$((a1 - a0)) -v hz="$clk_tck" -v s="$window" 'BEGIN {printf "%.4f", d / hz / s}')" \
    "$(awk -v d=$((c1 - c0)) -v hz="$clk_tck" -v s="$window" 'BEGIN {printf "%.4f", d / hz / s}')" \
    "$(awk -v d=$((a1 - a0 + c1 - c0)) -v hz="$clk_tck" -v s="$window" 'BEGIN {printf "%.4f", d / hz / s}')" \
    "${#children[@]}" "$(awk -v k="$pss" 'BEGIN {print k / 1024}')"
  if [[ $mode == on ]]; then
    got=$(curl -s "http://127.0.0.1:$port/metrics" | grep -c '^container_perf_events_total{.*id="/perfb-' || true)
    echo "(perf on: $got container_perf_events_total series for the perfb cgroups)"
  fi
  stop_agent
  # pgrep finds none (status 1) in the good case; pipefail must not end the script over it
  left=$({ pgrep -f -- '-G /perfb-' || true; } | wc -l)
  [[ $left -eq 0 ]] || echo "($left perf processes for the perfb cgroups left after the agent stopped)" >&2
done
